package org.cgiserver.cgi;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.RunCost;

/**
 * One request handled by a script, as monitoring sees it.
 *
 * @param time when the request started
 * @param scriptName the script's URL path (SCRIPT_NAME)
 * @param method the request method
 * @param status the HTTP status the client got, or 499 when it left before the script answered
 * @param outcome how the run went
 * @param exit what the script's process did, or {@code null} when no process was started
 * @param failureReason what went wrong, or {@code null}
 */
public record ScriptRun(Instant time, String scriptName, String method, int status, Outcome outcome,
		@Nullable Exit exit, @Nullable String failureReason) {

	/**
	 * A request answered 503 because no script slot became free.
	 * @param time when the request started
	 * @param scriptName the script's URL path
	 * @param method the request method
	 * @param reason why, for the log
	 * @return the run
	 */
	public static ScriptRun rejected(Instant time, String scriptName, String method, String reason) {
		return new ScriptRun(time, scriptName, method, 503, Outcome.REJECTED, null, reason);
	}

	/**
	 * A request answered 502 because the script's process could not be started.
	 * @param time when the request started
	 * @param scriptName the script's URL path
	 * @param method the request method
	 * @param reason why, for the log
	 * @return the run
	 */
	public static ScriptRun startFailed(Instant time, String scriptName, String method, String reason) {
		return new ScriptRun(time, scriptName, method, 502, Outcome.FAILURE, null, reason);
	}

	/**
	 * A request whose client left while it waited for a script slot: no script was
	 * started, and nobody got an answer.
	 * @param time when the request started
	 * @param scriptName the script's URL path
	 * @param method the request method
	 * @return the run
	 */
	public static ScriptRun abandoned(Instant time, String scriptName, String method) {
		return new ScriptRun(time, scriptName, method, 499, Outcome.ABORTED, null,
				"the client left while waiting for a script slot");
	}

	/**
	 * Whether a process was started for this run (not for rejections and spawn errors).
	 * @return whether the script ran
	 */
	public boolean started() {
		return this.exit != null;
	}

	/**
	 * The exit status, or -1 when the script did not run.
	 * @return the exit status
	 */
	public int exitCode() {
		return (this.exit != null) ? this.exit.code() : -1;
	}

	/**
	 * The signal that killed the script, or 0.
	 * @return the signal number
	 */
	public int signal() {
		return (this.exit != null) ? this.exit.signal() : 0;
	}

	/**
	 * The time the run took, to the script's exit; zero when it did not run.
	 * @return the duration
	 */
	public Duration duration() {
		return (this.exit != null) ? this.exit.duration() : Duration.ZERO;
	}

	/**
	 * The request body bytes given to the script.
	 * @return the count
	 */
	public long bytesIn() {
		return (this.exit != null) ? this.exit.bytesIn() : 0;
	}

	/**
	 * The bytes the script wrote to standard output.
	 * @return the count
	 */
	public long bytesOut() {
		return (this.exit != null) ? this.exit.bytesOut() : 0;
	}

	/**
	 * The last part of the script's standard error.
	 * @return the text, empty when it did not run
	 */
	public String stderrTail() {
		return (this.exit != null) ? this.exit.stderrTail() : "";
	}

	/**
	 * What the run cost in CPU time and memory.
	 * @return the cost, or {@code null} when no process ran or there is no figure
	 */
	public @Nullable RunCost cost() {
		return (this.exit != null) ? this.exit.cost() : null;
	}

	/**
	 * What a started script's process did.
	 *
	 * @param code the exit status
	 * @param signal the signal that killed it, or 0
	 * @param duration the time from start to exit
	 * @param bytesIn the request body bytes given to it
	 * @param bytesOut the bytes it wrote to standard output
	 * @param stderrTail the last part of its standard error
	 * @param cost the CPU time and memory it took, or {@code null} where the way scripts
	 * are started gives no figure
	 */
	public record Exit(int code, int signal, Duration duration, long bytesIn, long bytesOut, String stderrTail,
			@Nullable RunCost cost) {

		/**
		 * What a started script's process did, with no figure of its cost.
		 * @param code the exit status
		 * @param signal the signal that killed it, or 0
		 * @param duration the time from start to exit
		 * @param bytesIn the request body bytes given to it
		 * @param bytesOut the bytes it wrote to standard output
		 * @param stderrTail the last part of its standard error
		 */
		public Exit(int code, int signal, Duration duration, long bytesIn, long bytesOut, String stderrTail) {
			this(code, signal, duration, bytesIn, bytesOut, stderrTail, null);
		}

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

		/**
		 * The outcome's name in logs, metrics and reports.
		 * @return the lower-case name
		 */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

		/**
		 * Whether a run with this outcome counts as a run: a rejected request never ran.
		 * @return whether it is counted among the runs
		 */
		public boolean isRun() {
			return this != REJECTED;
		}

		/**
		 * Whether a run with this outcome is reported as a script's last failure: a
		 * failure or a timeout, the script's own doing.
		 * @return whether it is a reported failure
		 */
		public boolean isReportedFailure() {
			return this == FAILURE || this == TIMEOUT;
		}

	}

}
