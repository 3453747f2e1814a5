package org.cgiserver.ratelimit;

import java.time.Duration;

import org.springframework.web.util.pattern.PathPattern;

/**
 * One entry of {@code cgi.rate-limits}, checked.
 *
 * @param pattern the paths the limit covers
 * @param requests the requests a client address may make per period, and in one burst
 * @param per the period over which the allowance refills
 */
record RateLimitRule(PathPattern pattern, int requests, Duration per) {

	/** The path pattern as configured: the tag of the limit's metric. */
	String path() {
		return this.pattern.getPatternString();
	}

}
