package org.cgiserver.monitor;

import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.RunCost;

/**
 * What the runs of one script cost: CPU time in all, and the CPU time and peak memory of
 * its latest runs for percentiles. Only runs with a figure count (peak memory has its own
 * count: a run may have a CPU time and no memory figure); a script none of whose runs was
 * measured has no figures at all, never zeros. Not thread-safe: its
 * {@link ScriptStatistics} guards it.
 */
final class RunCosts {

	private final long[] sampledCpuNanos = new long[ScriptStatistics.SAMPLED_RUNS];

	private final long[] sampledMaxRss = new long[ScriptStatistics.SAMPLED_RUNS];

	private long measured;

	private long memoryMeasured;

	private long userNanos;

	private long systemNanos;

	private long maxRss;

	void add(@Nullable RunCost cost) {
		if (cost == null) {
			return;
		}
		this.userNanos += cost.user().toNanos();
		this.systemNanos += cost.system().toNanos();
		this.sampledCpuNanos[(int) (this.measured++ % ScriptStatistics.SAMPLED_RUNS)] = cost.cpu().toNanos();
		Long maxRss = cost.maxRssBytes();
		if (maxRss != null) {
			this.sampledMaxRss[(int) (this.memoryMeasured++ % ScriptStatistics.SAMPLED_RUNS)] = maxRss;
			this.maxRss = Math.max(this.maxRss, maxRss);
		}
	}

	/**
	 * The figures now.
	 * @return them, or {@code null} when no run was measured
	 */
	@Nullable Totals totals() {
		if (this.measured == 0) {
			return null;
		}
		int sampled = (int) Math.min(this.measured, ScriptStatistics.SAMPLED_RUNS);
		int sampledMemory = (int) Math.min(this.memoryMeasured, ScriptStatistics.SAMPLED_RUNS);
		boolean memory = this.memoryMeasured > 0;
		return new Totals(this.measured, Duration.ofNanos(this.userNanos), Duration.ofNanos(this.systemNanos),
				Duration.ofNanos(p95(this.sampledCpuNanos, sampled)), this.memoryMeasured,
				memory ? this.maxRss : null, memory ? p95(this.sampledMaxRss, sampledMemory) : null);
	}

	/** The nearest-rank 95th percentile: a figure one of the runs really had. */
	private static long p95(long[] samples, int count) {
		long[] sorted = Arrays.copyOf(samples, count);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(0.95 * count);
		return sorted[Math.max(0, rank - 1)];
	}

	/**
	 * What a script's measured runs cost.
	 *
	 * @param measuredRuns the runs with a figure
	 * @param user CPU time in user mode, all runs together
	 * @param system CPU time in the kernel, all runs together
	 * @param p95Cpu 95th percentile of the CPU time (user and system) of one of its latest runs
	 * @param memoryMeasuredRuns the runs with a figure of their memory
	 * @param maxRssBytes the largest resident set of any of its processes, or {@code null}
	 * when no run's is known
	 * @param p95MaxRssBytes 95th percentile of the largest resident set of its latest runs
	 * whose is known, or {@code null}
	 */
	record Totals(long measuredRuns, Duration user, Duration system, Duration p95Cpu, long memoryMeasuredRuns,
			@Nullable Long maxRssBytes, @Nullable Long p95MaxRssBytes) {

		Duration cpu() {
			return this.user.plus(this.system);
		}

	}

}
