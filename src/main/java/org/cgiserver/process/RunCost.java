package org.cgiserver.process;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a run cost, as the kernel counted it when the script's process was reaped
 * ({@code wait4}): the CPU time of the script and of every descendant it waited for
 * (all of a run's processes under a PID namespace per run, whose first process waits for
 * them), and the largest resident set of any one of those processes.
 *
 * <p>The kernel counts in that largest resident set the memory of the JVM the script was
 * spawned from, which it shares until its exec: a figure no larger than that JVM's own
 * peak tells nothing of the script, and is left out.
 *
 * @param user CPU time in user mode
 * @param system CPU time in the kernel
 * @param maxRssBytes the largest resident set of a single process, in bytes, or
 * {@code null} when it is unknown (no larger than the spawning JVM's)
 */
public record RunCost(Duration user, Duration system, @Nullable Long maxRssBytes) {

	/**
	 * The kernel's figures, as the jar's Java 22 part gives them.
	 * @param figures user and system time in microseconds and the largest resident set in
	 * kilobytes (-1 when unknown), or {@code null}
	 * @return the cost, or {@code null} when there are no figures
	 */
	static @Nullable RunCost of(long @Nullable [] figures) {
		if (figures == null || figures.length != 3 || figures[0] < 0 || figures[1] < 0) {
			return null;
		}
		return new RunCost(Duration.ofNanos(figures[0] * 1000), Duration.ofNanos(figures[1] * 1000),
				(figures[2] > 0) ? figures[2] * 1024 : null);
	}

	/**
	 * The CPU time in all.
	 * @return user plus system time
	 */
	public Duration cpu() {
		return this.user.plus(this.system);
	}

}
