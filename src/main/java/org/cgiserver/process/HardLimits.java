package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's hard resource limits, which its children inherit and, without root, can
 * only lower. {@link Long#MAX_VALUE} stands for unlimited.
 *
 * @param cpuSeconds CPU time (RLIMIT_CPU)
 * @param addressSpaceBytes address space (RLIMIT_AS)
 * @param openFiles open files (RLIMIT_NOFILE)
 */
record HardLimits(long cpuSeconds, long addressSpaceBytes, long openFiles) {

	/** No limit known, as when {@code /proc} cannot be read. */
	static final HardLimits UNKNOWN = new HardLimits(0, 0, 0);

	/**
	 * The running server's limits.
	 * @return the limits, or {@link #UNKNOWN}
	 */
	static HardLimits current() {
		try {
			return parse(Files.readString(Path.of("/proc/self/limits")));
		}
		catch (IOException | RuntimeException ex) {
			return UNKNOWN;
		}
	}

	/**
	 * Reads the hard limits from the text of {@code /proc/<pid>/limits}.
	 * @param text the text
	 * @return the limits; one that is missing counts as 0
	 */
	static HardLimits parse(String text) {
		return new HardLimits(hard(text, "Max cpu time"), hard(text, "Max address space"), hard(text, "Max open files"));
	}

	/**
	 * Whether a process without root can set these limits on itself.
	 * @param limits the limits
	 * @return {@code true} when each is within the hard limit
	 */
	boolean allow(ResourceLimits limits) {
		// prlimit sets the CPU time's hard limit a second above its soft limit.
		return (limits.cpuSeconds() == null || limits.cpuSeconds() + 1 <= this.cpuSeconds)
				&& (limits.memoryBytes() == null || limits.memoryBytes() <= this.addressSpaceBytes)
				&& (limits.openFiles() == null || limits.openFiles() <= this.openFiles);
	}

	private static long hard(String text, String limit) {
		for (String line : text.split("\n")) {
			if (line.startsWith(limit + " ")) {
				String[] columns = line.substring(limit.length()).trim().split("\\s+");
				if (columns.length >= 2) {
					return columns[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(columns[1]);
				}
			}
		}
		return 0;
	}

}
