package org.cgiserver.ratelimit;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.cgiserver.paths.RequestPaths;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 with {@code Retry-After} to a client address that has spent its allowance
 * on a path, before any script starts or file is read. The first limit whose path matches
 * counts the request. The path matched is the decoded, normalized one that the access
 * rules match, so an encoded or doubled slash cannot slip past a limit; a local redirect
 * (a forward) is part of the request already counted.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	/** The path is decoded already: segments are taken as they are. */
	private static final PathContainer.Options DECODED = PathContainer.Options.create('/', false);

	private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

	private final List<RateLimit> limits;

	RateLimitFilter(List<RateLimit> limits) {
		this.limits = List.copyOf(limits);
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
		PathContainer path = PathContainer.parsePath(RequestPaths.decodedPath(request), DECODED);
		for (RateLimit limit : this.limits) {
			if (limit.rule().pattern().matches(path)) {
				return limit;
			}
		}
		return null;
	}

}
