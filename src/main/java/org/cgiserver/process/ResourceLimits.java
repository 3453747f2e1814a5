package org.cgiserver.process;

import org.jspecify.annotations.Nullable;

/**
 * The resource limits every script is started with; {@code null} means none.
 *
 * @param cpuSeconds CPU time (RLIMIT_CPU), at least one second
 * @param memoryBytes address space (RLIMIT_AS)
 * @param processes processes of the scripts' user (RLIMIT_NPROC)
 * @param openFiles open files (RLIMIT_NOFILE)
 */
public record ResourceLimits(@Nullable Long cpuSeconds, @Nullable Long memoryBytes, @Nullable Integer processes,
		@Nullable Integer openFiles) {

	/** No limits. */
	public static final ResourceLimits NONE = new ResourceLimits(null, null, null, null);

}
