package org.cgiserver.paths;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives the application the container's clean path of a request sent with doubled
 * slashes, dot segments or empty segments with path parameters. The container maps, and
 * the access rules, scripts and files see, the path it has normalized, while Spring MVC
 * matches {@link HttpServletRequest#getRequestURI()}, the path as sent: without this,
 * {@code //actuator/health} went to a file of that name instead of the endpoint, and
 * {@code /actuator/health/../x} reached the health endpoint with a path it failed on. The
 * clean path is taken from the container, never worked out again here, so that the
 * endpoints and the access rules always judge the same path. Like Apache and nginx, the
 * clean path is served without a redirect.
 */
final class CleanPathFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String rawPath = request.getRequestURI();
		if (rawPath != null && RawPaths.needsCleaning(rawPath)) {
			String cleaned = request.getContextPath() + RawPaths.encode(RequestPaths.decodedPath(request));
			chain.doFilter(new CleanedRequest(request, rawPath, cleaned), response);
		}
		else {
			chain.doFilter(request, response);
		}
	}

	/**
	 * The request with its clean path; on a forward (a script's local redirect) the
	 * container's own wrapper underneath gives the new path.
	 */
	private static final class CleanedRequest extends HttpServletRequestWrapper {

		private final String rawPath;

		private final String cleaned;

		CleanedRequest(HttpServletRequest request, String rawPath, String cleaned) {
			super(request);
			this.rawPath = rawPath;
			this.cleaned = cleaned;
		}

		@Override
		public String getRequestURI() {
			return isFirstDispatch() ? this.cleaned : super.getRequestURI();
		}

		@Override
		public StringBuffer getRequestURL() {
			StringBuffer url = super.getRequestURL();
			if (!isFirstDispatch()) {
				return url;
			}
			int path = url.lastIndexOf(this.rawPath);
			return (path >= 0) ? url.replace(path, url.length(), this.cleaned) : url;
		}

		private boolean isFirstDispatch() {
			return getDispatcherType() == DispatcherType.REQUEST;
		}

	}

}
