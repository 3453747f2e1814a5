package org.cgiserver.monitor;

import java.time.Duration;
import java.time.Instant;

import org.cgiserver.process.RunCost;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script's access-log line carries its run's cost when there is a figure, and leaves
 * the fields out when there is none.
 */
class AccessLineCostTests {

	private static final AccessLine LINE = new AccessLine(Instant.parse("2026-01-01T00:00:00Z"), "GET", "/cgi-bin/x",
			null, 200, 5, 12.5, "127.0.0.1", null, null, null);

	private static final RunCost COST = new RunCost(Duration.ofNanos(300_250_000), Duration.ofMillis(20), 52_428_800L);

	@Test
	void keyValueLineEndsWithTheCost() {
		assertThat(LINE.keyValue("/cgi-bin/x", "success", COST)).endsWith(
				" script=/cgi-bin/x outcome=success cpu_ms=320.25 cpu_user_ms=300.25 cpu_system_ms=20.0 max_rss_kb=51200");
	}

	@Test
	void jsonLineHasTheCost() {
		JsonNode line = JsonMapper.builder().build().readTree(LINE.json("/cgi-bin/x", "success", COST));
		assertThat(line.get("cpu_ms").asDouble()).isEqualTo(320.25);
		assertThat(line.get("cpu_user_ms").asDouble()).isEqualTo(300.25);
		assertThat(line.get("cpu_system_ms").asDouble()).isEqualTo(20.0);
		assertThat(line.get("max_rss_kb").asLong()).isEqualTo(51200);
	}

	@Test
	void anUnknownPeakMemoryIsLeftOut() {
		RunCost cpuOnly = new RunCost(Duration.ofMillis(2), Duration.ZERO, null);
		assertThat(LINE.keyValue("/cgi-bin/x", "success", cpuOnly)).contains(" cpu_ms=2.0 ").doesNotContain("rss");
		JsonNode line = JsonMapper.builder().build().readTree(LINE.json("/cgi-bin/x", "success", cpuOnly));
		assertThat(line.get("cpu_ms").asDouble()).isEqualTo(2.0);
		assertThat(line.has("max_rss_kb")).isFalse();
	}

	@Test
	void noFigureNoFields() {
		assertThat(LINE.keyValue("/cgi-bin/x", "success", null)).doesNotContain("cpu_").doesNotContain("rss");
		JsonNode line = JsonMapper.builder().build().readTree(LINE.json("/cgi-bin/x", "success", null));
		assertThat(line.has("cpu_ms")).isFalse();
		assertThat(line.has("max_rss_kb")).isFalse();
	}

}
