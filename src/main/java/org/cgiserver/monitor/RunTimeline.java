package org.cgiserver.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.cgiserver.cgi.ScriptRun;
import org.cgiserver.cgi.ScriptRunListener;

/**
 * Runs, failures and durations per interval over the last few minutes, in a fixed ring
 * of intervals: what the status page draws its charts from.
 */
final class RunTimeline implements ScriptRunListener {

	private final Clock clock;

	private final long intervalMillis;

	private final Slot[] slots;

	/**
	 * @param clock tells when a run was recorded
	 * @param interval the length of one interval
	 * @param intervals how many intervals are kept
	 */
	RunTimeline(Clock clock, Duration interval, int intervals) {
		this.clock = clock;
		this.intervalMillis = interval.toMillis();
		this.slots = new Slot[intervals];
		for (int i = 0; i < intervals; i++) {
			this.slots[i] = new Slot();
		}
	}

	@Override
	public void onRun(ScriptRun run) {
		long index = this.clock.millis() / this.intervalMillis;
		Slot slot = this.slots[(int) (index % this.slots.length)];
		synchronized (slot) {
			// A run told late, after its slot moved on to a newer interval, is left out
			// rather than mixed into that interval.
			if (slot.moveTo(index)) {
				slot.add(run);
			}
		}
	}

	/**
	 * Every kept interval, the current one last; intervals without runs are there too.
	 * @return the intervals, oldest first
	 */
	List<Interval> intervals() {
		long current = this.clock.millis() / this.intervalMillis;
		List<Interval> intervals = new ArrayList<>(this.slots.length);
		for (long index = current - this.slots.length + 1; index <= current; index++) {
			Instant start = Instant.ofEpochMilli(index * this.intervalMillis);
			if (index < 0) {
				intervals.add(Interval.empty(start));
				continue;
			}
			Slot slot = this.slots[(int) (index % this.slots.length)];
			synchronized (slot) {
				intervals.add((slot.index == index) ? slot.toInterval(start) : Interval.empty(start));
			}
		}
		return intervals;
	}

	Duration interval() {
		return Duration.ofMillis(this.intervalMillis);
	}

	/**
	 * One interval.
	 *
	 * @param start when it began
	 * @param runs runs recorded in it (rejections are not runs)
	 * @param failures failures and timeouts among them
	 * @param rejected requests answered 503
	 * @param meanMillis mean duration of the runs that started a process
	 * @param maxMillis longest of them
	 */
	record Interval(Instant start, long runs, long failures, long rejected, double meanMillis, double maxMillis) {

		static Interval empty(Instant start) {
			return new Interval(start, 0, 0, 0, 0, 0);
		}

	}

	private static final class Slot {

		private long index = -1;

		private long runs;

		private long failures;

		private long rejected;

		private long timed;

		private long totalNanos;

		private long maxNanos;

		/** Moves forward to an interval; never back, which would wipe newer runs. */
		boolean moveTo(long index) {
			if (index < this.index) {
				return false;
			}
			if (this.index != index) {
				this.index = index;
				this.runs = 0;
				this.failures = 0;
				this.rejected = 0;
				this.timed = 0;
				this.totalNanos = 0;
				this.maxNanos = 0;
			}
			return true;
		}

		void add(ScriptRun run) {
			if (!run.outcome().isRun()) {
				this.rejected++;
				return;
			}
			this.runs++;
			if (run.outcome().isReportedFailure()) {
				this.failures++;
			}
			if (run.started()) {
				long nanos = run.duration().toNanos();
				this.timed++;
				this.totalNanos += nanos;
				this.maxNanos = Math.max(this.maxNanos, nanos);
			}
		}

		Interval toInterval(Instant start) {
			double mean = (this.timed > 0) ? this.totalNanos / (double) this.timed / 1_000_000.0 : 0;
			return new Interval(start, this.runs, this.failures, this.rejected, mean, this.maxNanos / 1_000_000.0);
		}

	}

}
