package org.cgiserver.monitor;

import java.time.Duration;
import java.time.Instant;

import org.cgiserver.cgi.ScriptRun;
import org.cgiserver.cgi.ScriptRun.Outcome;
import org.cgiserver.process.RunCost;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script's cost figures count its measured runs only, and are absent, not zero, when
 * none was measured.
 */
class RunCostsTests {

	@Test
	void totalsPercentilesAndPeakOfTheMeasuredRuns() {
		ScriptStatistics statistics = new ScriptStatistics();
		for (int millis = 1; millis <= 100; millis++) {
			statistics.record(run(new RunCost(Duration.ofMillis(millis), Duration.ofMillis(millis), millis * 1000L)));
		}
		statistics.record(run(null));
		statistics.record(run(new RunCost(Duration.ZERO, Duration.ZERO, null)));
		RunCosts.Totals cost = statistics.snapshot().cost();
		assertThat(cost.measuredRuns()).isEqualTo(101);
		assertThat(cost.memoryMeasuredRuns()).isEqualTo(100);
		assertThat(cost.user()).isEqualTo(Duration.ofMillis(5050));
		assertThat(cost.cpu()).isEqualTo(Duration.ofMillis(10100));
		assertThat(cost.p95Cpu()).isEqualTo(Duration.ofMillis(190));
		assertThat(cost.maxRssBytes()).isEqualTo(100_000);
		assertThat(cost.p95MaxRssBytes()).isEqualTo(95_000);
	}

	@Test
	void runsWithoutAFigureGiveNoFigures() {
		ScriptStatistics statistics = new ScriptStatistics();
		statistics.record(run(null));
		assertThat(statistics.snapshot().cost()).isNull();
		assertThat(CgiEndpoint.CostDescriptor.of(statistics.snapshot().cost())).isNull();
	}

	@Test
	void theEndpointGivesMilliseconds() {
		ScriptStatistics statistics = new ScriptStatistics();
		statistics.record(run(new RunCost(Duration.ofMillis(300), Duration.ofMillis(20), 52_000_000L)));
		CgiEndpoint.CostDescriptor cost = CgiEndpoint.CostDescriptor.of(statistics.snapshot().cost());
		assertThat(cost)
			.isEqualTo(new CgiEndpoint.CostDescriptor(1, 320.0, 300.0, 20.0, 320.0, 1, 52_000_000L, 52_000_000L));
	}

	@Test
	void runsWithoutAMemoryFigureGiveNoMemoryFigures() {
		ScriptStatistics statistics = new ScriptStatistics();
		statistics.record(run(new RunCost(Duration.ofMillis(3), Duration.ZERO, null)));
		CgiEndpoint.CostDescriptor cost = CgiEndpoint.CostDescriptor.of(statistics.snapshot().cost());
		assertThat(cost.cpuMillis()).isEqualTo(3.0);
		assertThat(cost.memoryMeasuredRuns()).isZero();
		assertThat(cost.maxMemoryBytes()).isNull();
		assertThat(cost.p95MemoryBytes()).isNull();
	}

	private static ScriptRun run(RunCost cost) {
		return new ScriptRun(Instant.now(), "/cgi-bin/x", "GET", 200, Outcome.SUCCESS,
				new ScriptRun.Exit(0, 0, Duration.ofMillis(1), 0, 0, "", cost), null);
	}

}
