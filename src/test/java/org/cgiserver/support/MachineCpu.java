package org.cgiserver.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time so far, from the first line of {@code /proc/stat}: busy and
 * total ticks over all cores, leaving out time the hypervisor gave to other machines.
 * @param busy ticks not idle and not waiting for I/O
 * @param total all ticks
 */
record MachineCpu(long busy, long total) {

	private static final Path STAT = Path.of("/proc/stat");

	/**
	 * Reads the counters now; zeros where {@code /proc/stat} cannot be read.
	 * @return the counters
	 */
	static MachineCpu now() {
		try {
			String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < fields.length && i <= 7; i++) {
				total += Long.parseLong(fields[i]);
			}
			long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
			return new MachineCpu(total - idle, total);
		}
		catch (IOException | RuntimeException ex) {
			return new MachineCpu(0, 0);
		}
	}

	/**
	 * The share of all cores that was busy since earlier counters.
	 * @param earlier the earlier counters
	 * @return from 0 to 1; 0 when nothing can be told
	 */
	double busySince(MachineCpu earlier) {
		long total = this.total - earlier.total;
		return (total > 0) ? (double) (this.busy - earlier.busy) / total : 0;
	}

}
