package org.cgiserver.process;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How a run ended.
 *
 * @param pid the script's process id
 * @param exitCode the exit status; 128 plus the signal number when killed by a signal
 * @param termination why the run ended
 * @param duration the time from start to exit
 * @param bytesIn the bytes written to the script's standard input
 * @param bytesOut the bytes read from the script's standard output
 * @param stderrTail the last part of what the script wrote to standard error
 * @param cost what the run cost, or {@code null} where the way scripts are started gives
 * no figure (the JDK's launcher, before Java 22)
 */
public record ProcessResult(long pid, int exitCode, Termination termination, Duration duration, long bytesIn,
		long bytesOut, String stderrTail, @Nullable RunCost cost) {

	/**
	 * A result with no figure of its cost.
	 * @param pid the script's process id
	 * @param exitCode the exit status
	 * @param termination why the run ended
	 * @param duration the time from start to exit
	 * @param bytesIn the bytes written to the script's standard input
	 * @param bytesOut the bytes read from the script's standard output
	 * @param stderrTail the last part of what the script wrote to standard error
	 */
	public ProcessResult(long pid, int exitCode, Termination termination, Duration duration, long bytesIn,
			long bytesOut, String stderrTail) {
		this(pid, exitCode, termination, duration, bytesIn, bytesOut, stderrTail, null);
	}

	/**
	 * The signal that killed the script, as a shell reports it, or 0.
	 * @return the signal number or 0
	 */
	public int signal() {
		return (this.exitCode > 128 && this.exitCode < 128 + 65) ? this.exitCode - 128 : 0;
	}

	/**
	 * Why a run ended.
	 */
	public enum Termination {

		/** The script exited by itself. */
		EXITED,

		/** The wall-clock limit stopped it. */
		TIMED_OUT,

		/** The output-inactivity limit stopped it. */
		IDLE_TIMED_OUT,

		/** The client went away and it was stopped. */
		ABORTED,

		/** The server stopped it after refusing its output. */
		DISCARDED;

		public boolean isTimeout() {
			return this == TIMED_OUT || this == IDLE_TIMED_OUT;
		}

	}

}
