package org.cgiserver.monitor;

import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.ScriptRun;

/**
 * The running totals of one script, and the durations of its latest runs for
 * percentiles.
 */
final class ScriptStatistics {

	/** Runs whose durations make the percentiles: recent enough to follow a change. */
	static final int SAMPLED_RUNS = 256;

	private final long[] sampledNanos = new long[SAMPLED_RUNS];

	private long sampled;

	private final RunCounts counts = new RunCounts();

	private final RunCosts costs = new RunCosts();

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
		this.sampledNanos[(int) (this.sampled++ % SAMPLED_RUNS)] = nanos;
		this.bytesIn += run.bytesIn();
		this.bytesOut += run.bytesOut();
		this.costs.add(run.cost());
		this.lastRun = run;
		if (run.outcome().isReportedFailure()) {
			this.lastFailure = run;
		}
	}

	synchronized Snapshot snapshot() {
		RunCounts.Totals totals = this.counts.totals();
		Duration mean = (totals.runs() > 0) ? Duration.ofNanos(this.totalNanos / totals.runs()) : Duration.ZERO;
		long[] sorted = Arrays.copyOf(this.sampledNanos, (int) Math.min(this.sampled, SAMPLED_RUNS));
		Arrays.sort(sorted);
		return new Snapshot(totals, this.active, mean, percentile(sorted, 50), percentile(sorted, 95),
				Duration.ofNanos(this.maxNanos), this.bytesIn, this.bytesOut, this.costs.totals(), this.lastRun,
				this.lastFailure);
	}

	/** The nearest-rank percentile: a duration one of the runs really took. */
	private static Duration percentile(long[] sorted, int percent) {
		if (sorted.length == 0) {
			return Duration.ZERO;
		}
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return Duration.ofNanos(sorted[Math.max(0, rank - 1)]);
	}

	/**
	 * A script's statistics at one moment.
	 *
	 * @param counts runs by outcome
	 * @param active runs in progress
	 * @param mean mean duration of all runs
	 * @param p50 median duration of the latest runs
	 * @param p95 95th percentile of the latest runs
	 * @param max longest run
	 * @param bytesIn request body bytes given to it
	 * @param bytesOut bytes it wrote
	 * @param cost what its runs cost, or {@code null} when none was measured
	 * @param lastRun its latest run
	 * @param lastFailure its latest failure or timeout
	 */
	record Snapshot(RunCounts.Totals counts, int active, Duration mean, Duration p50, Duration p95, Duration max,
			long bytesIn, long bytesOut, RunCosts.@Nullable Totals cost, @Nullable ScriptRun lastRun,
			@Nullable ScriptRun lastFailure) {
	}

}
