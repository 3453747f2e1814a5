package org.cgiserver.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often one client may call what, bound from {@code cgi.rate-limits}: a crawler that
 * asks faster is answered 429 before any script starts.
 */
@ConfigurationProperties("cgi")
public class RateLimitProperties {

	/**
	 * Rate limits per client address, tried in order: the first whose path matches counts
	 * the request. A URL that no limit matches is not limited. Empty (the default) means no
	 * limits, at no cost per request.
	 */
	private List<RateLimit> rateLimits = new ArrayList<>();

	public List<RateLimit> getRateLimits() {
		return this.rateLimits;
	}

	public void setRateLimits(List<RateLimit> rateLimits) {
		this.rateLimits = rateLimits;
	}

	/**
	 * One rate limit: each client address may make so many requests per period, and may
	 * spend them at once.
	 */
	public static class RateLimit {

		/**
		 * Spring path pattern of the URLs the limit covers, as in cgi.auth.rules, such as
		 * /cgit/** or /cgi-bin/gitweb.cgi; a limit that names a script holds whatever
		 * PATH_INFO follows it.
		 */
		private @Nullable String path;

		/**
		 * Requests a client address may make per period; also how many it may make in one
		 * burst.
		 */
		private int requests;

		/**
		 * Period over which a client's allowance of requests refills, a little at a time.
		 */
		private Duration per = Duration.ofMinutes(1);

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public int getRequests() {
			return this.requests;
		}

		public void setRequests(int requests) {
			this.requests = requests;
		}

		public Duration getPer() {
			return this.per;
		}

		public void setPer(Duration per) {
			this.per = per;
		}

	}

}
