package org.cgiserver.monitor;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.ScriptRun;
import org.cgiserver.cgi.ScriptRun.Outcome;

/**
 * The running totals of one script.
 */
final class ScriptStatistics {

	private long runs;

	private long failures;

	private long timeouts;

	private long aborted;

	private long rejected;

	private int active;

	private long totalNanos;

	private long maxNanos;

	private long bytesIn;

	private long bytesOut;

	private @Nullable ScriptRun lastRun;

	private @Nullable ScriptRun lastFailure;

	synchronized void started() {
		this.active++;
	}

	synchronized void record(ScriptRun run) {
		if (run.started()) {
			this.active = Math.max(0, this.active - 1);
		}
		if (run.outcome() == Outcome.REJECTED) {
			this.rejected++;
			return;
		}
		this.runs++;
		switch (run.outcome()) {
			case FAILURE -> this.failures++;
			case TIMEOUT -> this.timeouts++;
			case ABORTED -> this.aborted++;
			default -> {
			}
		}
		long nanos = run.duration().toNanos();
		this.totalNanos += nanos;
		this.maxNanos = Math.max(this.maxNanos, nanos);
		this.bytesIn += run.bytesIn();
		this.bytesOut += run.bytesOut();
		this.lastRun = run;
		if (run.outcome() == Outcome.FAILURE || run.outcome() == Outcome.TIMEOUT) {
			this.lastFailure = run;
		}
	}

	synchronized Snapshot snapshot() {
		Duration mean = (this.runs > 0) ? Duration.ofNanos(this.totalNanos / this.runs) : Duration.ZERO;
		return new Snapshot(this.runs, this.failures, this.timeouts, this.aborted, this.rejected, this.active, mean,
				Duration.ofNanos(this.maxNanos), this.bytesIn, this.bytesOut, this.lastRun, this.lastFailure);
	}

	record Snapshot(long runs, long failures, long timeouts, long aborted, long rejected, int active, Duration mean,
			Duration max, long bytesIn, long bytesOut, @Nullable ScriptRun lastRun, @Nullable ScriptRun lastFailure) {
	}

}
