package org.cgiserver.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.cgiserver.cgi.ScriptRun;
import org.cgiserver.cgi.ScriptRun.Outcome;
import org.cgiserver.support.MovingClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunTimelineTests {

	private static final Instant START = Instant.parse("2026-01-02T03:04:00Z");

	private final MovingClock clock = new MovingClock(START);

	private final RunTimeline timeline = new RunTimeline(this.clock, Duration.ofSeconds(5), 4);

	@Test
	void countsRunsFailuresAndRejectionsOfTheCurrentInterval() {
		this.timeline.onRun(run(Outcome.SUCCESS, 10));
		this.timeline.onRun(run(Outcome.FAILURE, 30));
		this.timeline.onRun(run(Outcome.TIMEOUT, 200));
		this.timeline.onRun(ScriptRun.rejected(START, "/cgi-bin/x", "GET", "busy"));
		RunTimeline.Interval current = last(this.timeline.intervals());
		assertThat(current).isEqualTo(new RunTimeline.Interval(START, 3, 2, 1, 80.0, 200.0));
	}

	@Test
	void keepsTheLastIntervalsOldestFirstWithEmptyOnesBetween() {
		this.timeline.onRun(run(Outcome.SUCCESS, 10));
		this.clock.advance(Duration.ofSeconds(10));
		this.timeline.onRun(run(Outcome.SUCCESS, 20));
		this.timeline.onRun(run(Outcome.SUCCESS, 40));
		List<RunTimeline.Interval> intervals = this.timeline.intervals();
		assertThat(intervals).extracting(RunTimeline.Interval::start)
			.containsExactly(START.minusSeconds(5), START, START.plusSeconds(5), START.plusSeconds(10));
		assertThat(intervals).extracting(RunTimeline.Interval::runs).containsExactly(0L, 1L, 0L, 2L);
		assertThat(last(intervals).meanMillis()).isEqualTo(30.0);
	}

	@Test
	void forgetsAnIntervalOnceItsSlotComesRoundAgain() {
		this.timeline.onRun(run(Outcome.SUCCESS, 10));
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.timeline.intervals()).extracting(RunTimeline.Interval::runs).containsOnly(0L);
		this.timeline.onRun(run(Outcome.FAILURE, 10));
		assertThat(last(this.timeline.intervals()).runs()).isEqualTo(1);
		assertThat(last(this.timeline.intervals()).failures()).isEqualTo(1);
	}

	@Test
	void aRunToldAfterItsSlotMovedOnIsLeftOutRatherThanWipingNewerRuns() {
		this.clock.advance(Duration.ofSeconds(20));
		this.timeline.onRun(run(Outcome.SUCCESS, 10));
		this.clock.advance(Duration.ofSeconds(-20));
		this.timeline.onRun(run(Outcome.FAILURE, 10));
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(last(this.timeline.intervals())).isEqualTo(new RunTimeline.Interval(START.plusSeconds(20), 1, 0, 0,
				10.0, 10.0));
	}

	@Test
	void aRunThatNeverStartedCountsWithoutADuration() {
		this.timeline.onRun(run(Outcome.SUCCESS, 50));
		this.timeline.onRun(ScriptRun.startFailed(START, "/cgi-bin/x", "GET", "no interpreter"));
		assertThat(last(this.timeline.intervals())).isEqualTo(new RunTimeline.Interval(START, 2, 1, 0, 50.0, 50.0));
	}

	private static RunTimeline.Interval last(List<RunTimeline.Interval> intervals) {
		return intervals.get(intervals.size() - 1);
	}

	static ScriptRun run(Outcome outcome, long millis) {
		return new ScriptRun(START, "/cgi-bin/x", "GET", 200, outcome,
				new ScriptRun.Exit(0, 0, Duration.ofMillis(millis), 0, 0, ""), null);
	}

}
