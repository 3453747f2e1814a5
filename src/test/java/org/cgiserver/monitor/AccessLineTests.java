package org.cgiserver.monitor;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outcome of a request that ran no script (one a rate limit refused) in both line
 * forms of our own.
 */
class AccessLineTests {

	private final AccessLine line = new AccessLine(Instant.parse("2026-12-06T12:00:00Z"), "GET", "/cgit/repo/log",
			null, 429, 120, 0.5, "203.0.113.7", null, null, "crawler/1.0");

	@Test
	void aKeyValueLineShowsAnOutcomeWithoutAScript() {
		assertThat(this.line.keyValue(null, "rate-limited", null)).isEqualTo(
				"method=GET path=/cgit/repo/log status=429 bytes=120 duration_ms=0.5 client=203.0.113.7 outcome=rate-limited");
	}

	@Test
	void aKeyValueLineWithoutOutcomeEndsWithTheClient() {
		assertThat(this.line.keyValue(null, null, null)).endsWith(" client=203.0.113.7");
	}

	@Test
	void aJsonLineShowsAnOutcomeWithoutAScript() {
		JsonNode json = JsonMapper.builder().build().readTree(this.line.json(null, "rate-limited", null));
		assertThat(json.get("outcome").asString()).isEqualTo("rate-limited");
		assertThat(json.has("script")).isFalse();
		assertThat(json.get("status").asInt()).isEqualTo(429);
	}

}
