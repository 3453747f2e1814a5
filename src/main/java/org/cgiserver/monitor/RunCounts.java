package org.cgiserver.monitor;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.cgiserver.cgi.ScriptRun.Outcome;

/**
 * Counts of runs by outcome: the one place that decides what a run counts as, for the
 * totals and for each script.
 */
final class RunCounts {

	private final Map<Outcome, LongAdder> byOutcome = new EnumMap<>(Outcome.class);

	RunCounts() {
		for (Outcome outcome : Outcome.values()) {
			this.byOutcome.put(outcome, new LongAdder());
		}
	}

	void add(Outcome outcome) {
		this.byOutcome.get(outcome).increment();
	}

	Totals totals() {
		long runs = 0;
		for (Outcome outcome : Outcome.values()) {
			if (outcome.isRun()) {
				runs += count(outcome);
			}
		}
		return new Totals(runs, count(Outcome.FAILURE), count(Outcome.TIMEOUT), count(Outcome.ABORTED),
				count(Outcome.REJECTED));
	}

	private long count(Outcome outcome) {
		return this.byOutcome.get(outcome).sum();
	}

	/**
	 * The counts at one moment.
	 *
	 * @param runs runs started or failed to start (every outcome but a rejection)
	 * @param failures spawn errors, non-zero exits, signals and malformed output
	 * @param timeouts runs stopped by a time limit
	 * @param aborted runs stopped because the client went away
	 * @param rejected requests answered 503 because every slot was busy
	 */
	record Totals(long runs, long failures, long timeouts, long aborted, long rejected) {
	}

}
