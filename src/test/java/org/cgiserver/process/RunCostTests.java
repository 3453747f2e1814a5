package org.cgiserver.process;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's figures, as the Java 22 part hands them over, become a run's cost; no
 * figures become none, never zeros.
 */
class RunCostTests {

	@Test
	void microsecondsAndKilobytesBecomeDurationsAndBytes() {
		RunCost cost = RunCost.of(new long[] { 1_250_000, 30, 2048 });
		assertThat(cost).isEqualTo(new RunCost(Duration.ofMillis(1250), Duration.ofNanos(30_000), 2L * 1024 * 1024));
		assertThat(cost.cpu()).isEqualTo(Duration.ofNanos(1_250_030_000));
	}

	@Test
	void anUnknownPeakMemoryIsNoneNotZero() {
		RunCost cost = RunCost.of(new long[] { 1000, 0, -1 });
		assertThat(cost.cpu()).isEqualTo(Duration.ofMillis(1));
		assertThat(cost.maxRssBytes()).isNull();
	}

	@Test
	void noFiguresNoCost() {
		assertThat(RunCost.of(null)).isNull();
		assertThat(RunCost.of(new long[] { 1, 2 })).isNull();
		assertThat(RunCost.of(new long[] { -1, 0, 0 })).isNull();
	}

	@Test
	void aResultWithoutAFigureHasNoCost() {
		ProcessResult result = new ProcessResult(1, 0, ProcessResult.Termination.EXITED, Duration.ZERO, 0, 0, "");
		assertThat(result.cost()).isNull();
	}

}
