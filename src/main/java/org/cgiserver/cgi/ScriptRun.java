package org.cgiserver.cgi;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One request handled by a script, as monitoring sees it.
 *
 * @param time when the request started
 * @param scriptName the script's URL path (SCRIPT_NAME)
 * @param method the request method
 * @param status the HTTP status the client got, or 499 when it left before the script answered
 * @param outcome how the run went
 * @param exitCode the exit status, or -1 when the script did not run
 * @param signal the signal that killed the script, or 0
 * @param duration the time the run took (to the script's exit)
 * @param bytesIn the request body bytes given to the script
 * @param bytesOut the bytes the script wrote to standard output
 * @param failureReason what went wrong, or {@code null}
 * @param stderrTail the last part of the script's standard error
 */
public record ScriptRun(Instant time, String scriptName, String method, int status, Outcome outcome, int exitCode,
		int signal, Duration duration, long bytesIn, long bytesOut, @Nullable String failureReason,
		String stderrTail) {

	/**
	 * Whether a process was started for this run (not for rejections and spawn errors).
	 * @return whether the script ran
	 */
	public boolean started() {
		return this.exitCode >= 0;
	}

	/**
	 * How a run went. Failures are: spawn errors, non-zero exits, deaths by signal and
	 * malformed output; timeouts, client aborts and rejections (503) are counted on their
	 * own.
	 */
	public enum Outcome {

		/** The script ran and exited with status 0. */
		SUCCESS,

		/** The script could not start, exited non-zero, died of a signal or wrote a bad response. */
		FAILURE,

		/** A time limit stopped the script. */
		TIMEOUT,

		/** The client went away and the script was stopped. */
		ABORTED,

		/** No script slot was free: 503. */
		REJECTED;

		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
