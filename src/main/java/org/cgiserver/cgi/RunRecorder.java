package org.cgiserver.cgi;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.ScriptRun.Outcome;
import org.cgiserver.process.ProcessResult;
import org.cgiserver.process.ProcessResult.Termination;
import org.cgiserver.process.ScriptProcess;

/**
 * The last step of a request's flow: turns what happened into a {@link ScriptRun}, tells
 * the listeners, and leaves the {@link PendingRun} on the request for the access log.
 */
final class RunRecorder {

	private final ScriptRunListener listener;

	private final AtomicLong starts = new AtomicLong();

	RunRecorder(ScriptRunListener listener) {
		this.listener = listener;
	}

	void rejected(HttpServletRequest request, Instant time, Script script, String reason) {
		record(request, script, ScriptRun.rejected(time, script.scriptName(), request.getMethod(), reason));
	}

	void startFailed(HttpServletRequest request, Instant time, Script script, String reason) {
		record(request, script, ScriptRun.startFailed(time, script.scriptName(), request.getMethod(), reason));
	}

	void abandoned(HttpServletRequest request, Instant time, Script script) {
		record(request, script, ScriptRun.abandoned(time, script.scriptName(), request.getMethod()));
	}

	ScriptStart started(HttpServletRequest request, Instant time, Script script) {
		ScriptStart start = new ScriptStart(this.starts.incrementAndGet(), script.scriptName(), request.getMethod(),
				request.getRemoteAddr(), time, Instant.now());
		this.listener.onStart(start);
		return start;
	}

	/**
	 * Records the run once the script has exited, which is usually at once but may be
	 * later (a script that closed its output and goes on). Nothing on the way to the
	 * client waits for it.
	 */
	void whenDone(HttpServletRequest request, ScriptStart start, ScriptAnswer answer, ScriptProcess process) {
		CompletableFuture<ScriptRun> run = process.result()
			.thenApply((result) -> toRun(start.time(), start.scriptName(), start.method(), answer, result));
		new PendingRun(start.scriptName(), run).attachTo(request);
		run.whenComplete((done, failure) -> {
			this.listener.onExit(start);
			if (done != null) {
				this.listener.onRun(done);
			}
		});
	}

	private void record(HttpServletRequest request, Script script, ScriptRun run) {
		new PendingRun(script.scriptName(), CompletableFuture.completedFuture(run)).attachTo(request);
		this.listener.onRun(run);
	}

	/**
	 * What a finished run counts as: the process's end decides timeouts and aborts, the
	 * answer's failure comes next, then how the process exited.
	 */
	static ScriptRun toRun(Instant time, String scriptName, String method, ScriptAnswer answer,
			ProcessResult result) {
		Outcome outcome = Outcome.SUCCESS;
		@Nullable String reason = answer.failure();
		switch (result.termination()) {
			case TIMED_OUT -> {
				outcome = Outcome.TIMEOUT;
				reason = answer.eventStream() ? "event stream reached its maximum duration" : "wall-clock limit reached";
			}
			case IDLE_TIMED_OUT -> {
				outcome = Outcome.TIMEOUT;
				reason = answer.eventStream() ? "event stream wrote nothing within its idle limit"
						: "no output within the idle limit";
			}
			case ABORTED -> outcome = Outcome.ABORTED;
			default -> {
				if (result.termination() == Termination.DISCARDED && answer.eventStream()) {
					// The event stream of a HEAD request, stopped because nobody reads it.
					outcome = Outcome.SUCCESS;
				}
				else if (reason != null) {
					outcome = Outcome.FAILURE;
				}
				else if (result.signal() != 0) {
					outcome = Outcome.FAILURE;
					reason = "killed by signal " + result.signal();
				}
				else if (result.exitCode() != 0) {
					outcome = Outcome.FAILURE;
					reason = "exit status " + result.exitCode();
				}
			}
		}
		int status = (answer.localRedirect() != null) ? 200 : answer.status();
		ScriptRun.Exit exit = new ScriptRun.Exit(result.exitCode(), result.signal(), result.duration(),
				result.bytesIn(), result.bytesOut(), result.stderrTail(), result.cost());
		return new ScriptRun(time, scriptName, method, status, outcome, exit, reason);
	}

}
