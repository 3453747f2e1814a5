package org.cgiserver.monitor;

import java.time.Duration;

import org.cgiserver.cgi.ScriptRun.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptStatisticsTests {

	@Test
	void percentilesAreDurationsThatRunsReallyTook() {
		ScriptStatistics statistics = new ScriptStatistics();
		for (int millis = 1; millis <= 100; millis++) {
			statistics.record(RunTimelineTests.run(Outcome.SUCCESS, millis));
		}
		ScriptStatistics.Snapshot snapshot = statistics.snapshot();
		assertThat(snapshot.p50()).isEqualTo(Duration.ofMillis(50));
		assertThat(snapshot.p95()).isEqualTo(Duration.ofMillis(95));
		assertThat(snapshot.max()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void percentilesFollowTheLatestRuns() {
		ScriptStatistics statistics = new ScriptStatistics();
		for (int i = 0; i < ScriptStatistics.SAMPLED_RUNS; i++) {
			statistics.record(RunTimelineTests.run(Outcome.SUCCESS, 1000));
		}
		for (int i = 0; i < ScriptStatistics.SAMPLED_RUNS; i++) {
			statistics.record(RunTimelineTests.run(Outcome.SUCCESS, 5));
		}
		ScriptStatistics.Snapshot snapshot = statistics.snapshot();
		assertThat(snapshot.p95()).isEqualTo(Duration.ofMillis(5));
		assertThat(snapshot.max()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void noRunsNoPercentiles() {
		ScriptStatistics.Snapshot snapshot = new ScriptStatistics().snapshot();
		assertThat(snapshot.p50()).isZero();
		assertThat(snapshot.p95()).isZero();
	}

	@Test
	void aSingleRunIsEveryPercentile() {
		ScriptStatistics statistics = new ScriptStatistics();
		statistics.record(RunTimelineTests.run(Outcome.FAILURE, 7));
		assertThat(statistics.snapshot().p50()).isEqualTo(Duration.ofMillis(7));
		assertThat(statistics.snapshot().p95()).isEqualTo(Duration.ofMillis(7));
	}

}
