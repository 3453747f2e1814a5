package org.cgiserver.ratelimit;

import java.time.Duration;
import java.util.List;

import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.RateLimitProperties;
import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code cgi.rate-limits} as rules, and what is refused at start.
 */
class RateLimitSettingsTests {

	@Test
	void noLimitsByDefault() {
		assertThat(RateLimitSettings.rules(new RateLimitProperties())).isEmpty();
	}

	@Test
	void limitsKeepTheirOrderAndValues() {
		List<RateLimitRule> rules = RateLimitSettings.rules(properties(limit("/cgit/**", 20, Duration.ofMinutes(1)),
				limit("/cgi-bin/gitweb.cgi", 5, Duration.ofSeconds(10))));
		assertThat(rules).hasSize(2);
		assertThat(rules.get(0).path()).isEqualTo("/cgit/**");
		assertThat(rules.get(0).requests()).isEqualTo(20);
		assertThat(rules.get(0).per()).isEqualTo(Duration.ofMinutes(1));
		assertThat(rules.get(0).pattern().matches(PathContainer.parsePath("/cgit/repo/log"))).isTrue();
		assertThat(rules.get(1).path()).isEqualTo("/cgi-bin/gitweb.cgi");
		assertThat(rules.get(1).requests()).isEqualTo(5);
		assertThat(rules.get(1).per()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void aMinuteIsThePeriodWhenNoneIsSet() {
		RateLimitProperties.RateLimit limit = new RateLimitProperties.RateLimit();
		limit.setPath("/cgit/**");
		limit.setRequests(20);
		assertThat(RateLimitSettings.rules(properties(limit)).get(0).per()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void aLimitWithoutAPathIsRefused() {
		RateLimitProperties.RateLimit limit = new RateLimitProperties.RateLimit();
		limit.setRequests(20);
		assertRefused(properties(limit("/a", 1, Duration.ofSeconds(1)), limit), "cgi.rate-limits[1].path",
				"every rate limit needs a path starting with '/'");
	}

	@Test
	void aRelativePathIsRefused() {
		assertRefused(properties(limit("cgit/**", 1, Duration.ofSeconds(1))), "cgi.rate-limits[0].path",
				"every rate limit needs a path starting with '/'");
	}

	@Test
	void aBadPatternIsRefused() {
		InvalidConfigurationException refusal = refusal(properties(limit("/cgit/**/log", 1, Duration.ofSeconds(1))));
		assertThat(refusal.getProperty()).isEqualTo("cgi.rate-limits[0].path");
		assertThat(refusal.getValue()).isEqualTo("/cgit/**/log");
		assertThat(refusal.getReason()).startsWith("not a path pattern: ");
	}

	@Test
	void requestsThatAreNotPositiveAreRefused() {
		assertRefused(properties(limit("/cgit/**", 0, Duration.ofSeconds(1))), "cgi.rate-limits[0].requests",
				"it must be positive: the requests a client may make per period");
		assertRefused(properties(limit("/a", 1, Duration.ofSeconds(1)), limit("/cgit/**", -3, Duration.ofSeconds(1))),
				"cgi.rate-limits[1].requests", "it must be positive: the requests a client may make per period");
	}

	@Test
	void aPeriodThatIsNotPositiveIsRefused() {
		assertRefused(properties(limit("/cgit/**", 1, Duration.ZERO)), "cgi.rate-limits[0].per", "it must be positive");
		assertRefused(properties(limit("/cgit/**", 1, Duration.ofSeconds(-1))), "cgi.rate-limits[0].per",
				"it must be positive");
	}

	@Test
	void aPeriodTooLongToCountIsRefused() {
		InvalidConfigurationException refusal = refusal(properties(limit("/cgit/**", 1, Duration.ofDays(365L * 1000))));
		assertThat(refusal.getProperty()).isEqualTo("cgi.rate-limits[0].per");
	}

	private static void assertRefused(RateLimitProperties properties, String property, String reason) {
		InvalidConfigurationException refusal = refusal(properties);
		assertThat(refusal.getProperty()).isEqualTo(property);
		assertThat(refusal.getReason()).isEqualTo(reason);
	}

	private static InvalidConfigurationException refusal(RateLimitProperties properties) {
		return assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> RateLimitSettings.rules(properties))
			.actual();
	}

	private static RateLimitProperties properties(RateLimitProperties.RateLimit... limits) {
		RateLimitProperties properties = new RateLimitProperties();
		properties.setRateLimits(List.of(limits));
		return properties;
	}

	private static RateLimitProperties.RateLimit limit(String path, int requests, Duration per) {
		RateLimitProperties.RateLimit limit = new RateLimitProperties.RateLimit();
		limit.setPath(path);
		limit.setRequests(requests);
		limit.setPer(per);
		return limit;
	}

}
