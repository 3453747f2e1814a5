package org.cgiserver.monitor;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.ScriptRun;

/**
 * The running totals of one script.
 */
final class ScriptStatistics {

	private final RunCounts counts = new RunCounts();

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
		this.counts.add(run.outcome());
		if (!run.outcome().isRun()) {
			return;
		}
		long nanos = run.duration().toNanos();
		this.totalNanos += nanos;
		this.maxNanos = Math.max(this.maxNanos, nanos);
		this.bytesIn += run.bytesIn();
		this.bytesOut += run.bytesOut();
		this.lastRun = run;
		if (run.outcome().isReportedFailure()) {
			this.lastFailure = run;
		}
	}

	synchronized Snapshot snapshot() {
		RunCounts.Totals totals = this.counts.totals();
		Duration mean = (totals.runs() > 0) ? Duration.ofNanos(this.totalNanos / totals.runs()) : Duration.ZERO;
		return new Snapshot(totals, this.active, mean, Duration.ofNanos(this.maxNanos), this.bytesIn,
				this.bytesOut, this.lastRun, this.lastFailure);
	}

	record Snapshot(RunCounts.Totals counts, int active, Duration mean, Duration max, long bytesIn, long bytesOut,
			@Nullable ScriptRun lastRun, @Nullable ScriptRun lastFailure) {
	}

}
