package org.cgiserver.files;

import java.io.IOException;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.cgiserver.paths.RequestPaths;

import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Answers a GET or HEAD that only the document root can answer with the
 * {@link StaticFileHandler} itself, last in the filter chain, instead of passing it to the
 * dispatcher, which would ask every handler mapping (endpoints, scripts) before the
 * document root's. The filters before it (the access rules, the rate limits, the
 * {@code http.server.requests} observation) and the container's valves (the access log)
 * see the request as before, and the observation gets the document root's pattern, as
 * the dispatcher gives it. Everything else, and every forward and error page, goes
 * through the dispatcher.
 */
final class StaticRequestFilter implements Filter {

	/** The document root's mapping, as the dispatcher names it in {@code uri} tags. */
	static final String PATTERN = "/**";

	private final StaticFileHandler handler;

	private final Predicate<String> scripts;

	private final Supplier<DispatcherPaths> dispatcher;

	/**
	 * @param handler the document root's handler
	 * @param scripts whether a decoded path may run a script
	 * @param dispatcher what the dispatcher answers besides the document root and the
	 * scripts, asked once the context is up
	 */
	StaticRequestFilter(StaticFileHandler handler, Predicate<String> scripts, Supplier<DispatcherPaths> dispatcher) {
		this.handler = handler;
		this.scripts = scripts;
		this.dispatcher = dispatcher;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
				&& isStatic(http)) {
			ServerHttpObservationFilter.findObservationContext(http)
				.ifPresent((context) -> context.setPathPattern(PATTERN));
			this.handler.handleRequest(http, httpResponse);
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean isStatic(HttpServletRequest request) {
		String method = request.getMethod();
		if (!"GET".equals(method) && !"HEAD".equals(method)) {
			return false;
		}
		String path = RequestPaths.decodedPath(request);
		return !this.scripts.test(path) && !this.dispatcher.get().mayClaim(path);
	}

}
