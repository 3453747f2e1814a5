package org.cgiserver.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.bucket4j.TimeMeter;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.RateLimitProperties;
import org.cgiserver.config.Require;

import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Turns {@code cgi.rate-limits} into rules, refusing at start what cannot work, with the
 * property named.
 */
final class RateLimitSettings {

	private RateLimitSettings() {
	}

	/**
	 * The rate limits in their order.
	 * @param properties the settings
	 * @return the rules; empty when none is set
	 */
	static List<RateLimitRule> rules(RateLimitProperties properties) {
		List<RateLimitRule> rules = new ArrayList<>();
		List<RateLimitProperties.RateLimit> configured = properties.getRateLimits();
		for (int i = 0; i < configured.size(); i++) {
			rules.add(rule("cgi.rate-limits[" + i + "].", configured.get(i)));
		}
		return List.copyOf(rules);
	}

	private static RateLimitRule rule(String property, RateLimitProperties.RateLimit limit) {
		String path = limit.getPath();
		// The same check as cgi.auth.rules[N].path, so that one pattern means the same in both.
		if (path == null || !path.startsWith("/")) {
			throw new InvalidConfigurationException(property + "path", path,
					"every rate limit needs a path starting with '/'");
		}
		PathPattern pattern;
		try {
			pattern = PathPatternParser.defaultInstance.parse(path);
		}
		catch (RuntimeException ex) {
			throw new InvalidConfigurationException(property + "path", path, "not a path pattern: " + ex.getMessage());
		}
		if (limit.getRequests() <= 0) {
			throw new InvalidConfigurationException(property + "requests", limit.getRequests(),
					"it must be positive: the requests a client may make per period");
		}
		Duration per = Require.positive(property + "per", limit.getPer());
		RateLimitRule rule = new RateLimitRule(pattern, limit.getRequests(), per);
		try {
			// What the counting library cannot take (a period too long to count in nanoseconds).
			ClientBuckets.bucket(rule, TimeMeter.SYSTEM_NANOTIME);
		}
		catch (RuntimeException ex) {
			throw new InvalidConfigurationException(property + "per", per, String.valueOf(ex.getMessage()));
		}
		return rule;
	}

}
