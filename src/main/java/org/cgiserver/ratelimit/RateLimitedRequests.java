package org.cgiserver.ratelimit;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Marks the requests a rate limit refused, for those who report on requests after the
 * response (the access log).
 */
public final class RateLimitedRequests {

	/** The access-log outcome of a refused request. */
	public static final String OUTCOME = "rate-limited";

	private static final String ATTRIBUTE = RateLimitedRequests.class.getName();

	private RateLimitedRequests() {
	}

	/**
	 * The access-log outcome of a request that ran no script.
	 * @param request the request
	 * @return {@link #OUTCOME} when a rate limit refused it, else {@code null}
	 */
	public static @Nullable String outcome(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) != null) ? OUTCOME : null;
	}

	static void mark(ServletRequest request) {
		request.setAttribute(ATTRIBUTE, Boolean.TRUE);
	}

}
