package org.cgiserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.cgiserver.config.InvalidConfigurationStartupTests.assertStartFails;

/**
 * A rate limit that cannot work stops the start, naming the property of the limit at
 * fault.
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimitStartupTests {

	@Test
	void requestsThatAreNotPositive(CapturedOutput output) {
		assertStartFails(output, "cgi.rate-limits[1].requests", "0",
				"it must be positive: the requests a client may make per period", "--cgi.rate-limits[0].path=/cgit/**",
				"--cgi.rate-limits[0].requests=20", "--cgi.rate-limits[1].path=/gitweb/**",
				"--cgi.rate-limits[1].requests=0");
	}

	@Test
	void negativeRequests(CapturedOutput output) {
		assertStartFails(output, "cgi.rate-limits[0].requests", "-5",
				"it must be positive: the requests a client may make per period", "--cgi.rate-limits[0].path=/cgit/**",
				"--cgi.rate-limits[0].requests=-5");
	}

	@Test
	void aZeroPeriod(CapturedOutput output) {
		assertStartFails(output, "cgi.rate-limits[0].per", "PT0S", "it must be positive",
				"--cgi.rate-limits[0].path=/cgit/**", "--cgi.rate-limits[0].requests=20", "--cgi.rate-limits[0].per=0s");
	}

	@Test
	void aBadPathPattern(CapturedOutput output) {
		assertStartFails(output, "cgi.rate-limits[0].path", "/cgit/**/log",
				"not a path pattern: {*...} or ** pattern elements should be placed at the start or end of the pattern",
				"--cgi.rate-limits[0].path=/cgit/**/log", "--cgi.rate-limits[0].requests=20");
	}

	@Test
	void aLimitWithoutAPath(CapturedOutput output) {
		assertStartFails(output, "cgi.rate-limits[0].path", "null", "every rate limit needs a path starting with '/'",
				"--cgi.rate-limits[0].requests=20");
	}

}
