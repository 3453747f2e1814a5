package org.cgiserver.ratelimit;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.cgiserver.paths.ServedPath;
import org.cgiserver.paths.ServedPaths;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 with {@code Retry-After} to a client address that has spent its allowance
 * on a path, before any script starts or file is read. The first limit whose path matches
 * counts the request. As the access rules, a limit judges the decoded, normalized path and,
 * when the request runs a script, the script's URL (its SCRIPT_NAME) and the other URLs
 * that name the same file: neither an encoded or doubled slash, nor a PATH_INFO after a
 * script, nor a symbolic link to it slips past a limit that names the script. A local
 * redirect (a forward) is part of the request already counted.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	/** The path is decoded already: segments are taken as they are. */
	private static final PathContainer.Options DECODED = PathContainer.Options.create('/', false);

	private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

	private final List<RateLimit> limits;

	private final ServedPaths served;

	RateLimitFilter(List<RateLimit> limits, ServedPaths served) {
		this.limits = List.copyOf(limits);
		this.served = served;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RateLimit limit = limitOf(request);
		long wait = (limit != null) ? limit.clients().take(request.getRemoteAddr()) : 0;
		if (wait == 0) {
			chain.doFilter(request, response);
			return;
		}
		limit.refused().increment();
		RateLimitedRequests.mark(request);
		// Whole seconds (RFC 9110 10.2.3), rounded up: a client that waits as told gets in.
		long seconds = Math.max(1, (wait + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), "Too many requests from this address");
	}

	private @Nullable RateLimit limitOf(HttpServletRequest request) {
		List<ServedPath> paths = this.served.of(request);
		for (RateLimit limit : this.limits) {
			for (ServedPath path : paths) {
				if (matches(limit, path.path()) || (path.scriptName() != null && matches(limit, path.scriptName()))) {
					return limit;
				}
			}
		}
		return null;
	}

	private static boolean matches(RateLimit limit, String path) {
		return limit.rule().pattern().matches(PathContainer.parsePath(path, DECODED));
	}

}
