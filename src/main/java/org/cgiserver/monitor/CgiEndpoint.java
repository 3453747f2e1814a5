package org.cgiserver.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.CgiMappings;
import org.cgiserver.cgi.ScriptPrefix;
import org.cgiserver.cgi.ScriptRun;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.security.LoginFailures;
import org.cgiserver.websocket.SessionReport;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/cgi}: every script's runs and failures; {@code /actuator/cgi/runs}:
 * the most recent runs, newest first.
 *
 * <p>Failures are spawn errors, non-zero exits, deaths by signal and malformed output
 * (502); timeouts are counted as failures of their own kind; client aborts and
 * rejections (503) are counted apart and are not failures.
 */
@Endpoint(id = "cgi")
public final class CgiEndpoint {

	private final RunHistory history;

	private final ProcessExecutionService processes;

	private final CgiMappings mappings;

	private final LoginFailures loginFailures;

	private final Supplier<SessionReport> sessions;

	public CgiEndpoint(RunHistory history, ProcessExecutionService processes, CgiMappings mappings,
			LoginFailures loginFailures, Supplier<SessionReport> sessions) {
		this.history = history;
		this.processes = processes;
		this.mappings = mappings;
		this.loginFailures = loginFailures;
		this.sessions = sessions;
	}

	@ReadOperation
	public CgiDescriptor cgi() {
		List<PrefixDescriptor> prefixes = this.mappings.prefixes().stream().map(PrefixDescriptor::of).toList();
		return new CgiDescriptor(TotalsDescriptor.of(this.history, this.processes), prefixes,
				ScriptDescriptor.all(this.history), AuthDescriptor.of(this.loginFailures),
				this.processes.containment().describe(), this.sessions.get());
	}

	@ReadOperation
	public @Nullable RunsDescriptor runs(@Selector String section) {
		if (!"runs".equals(section)) {
			return null;
		}
		return new RunsDescriptor(this.history.recent().stream().map(RunDescriptor::of).toList());
	}

	/**
	 * The whole report.
	 *
	 * @param totals counts over all scripts
	 * @param prefixes the configured prefixes
	 * @param scripts statistics per script, by SCRIPT_NAME
	 * @param auth failed logins
	 * @param runContainment how a run's processes are made to end with it, and why
	 * @param websocket the WebSocket sessions of prefixes marked {@code websocket}
	 */
	public record CgiDescriptor(TotalsDescriptor totals, List<PrefixDescriptor> prefixes,
			Map<String, ScriptDescriptor> scripts, AuthDescriptor auth, Map<String, String> runContainment,
			SessionReport websocket) {
	}

	/**
	 * Failed logins.
	 *
	 * @param failures failed logins since the start
	 * @param blocked client addresses answered 429 now, for too many failed logins
	 */
	public record AuthDescriptor(long failures, List<BlockedDescriptor> blocked) {

		static AuthDescriptor of(LoginFailures failures) {
			return new AuthDescriptor(failures.total(), failures.blocked()
				.stream()
				.map((address) -> new BlockedDescriptor(address.address(), address.until()))
				.toList());
		}

	}

	/**
	 * A client address blocked for failed logins.
	 *
	 * @param address the address
	 * @param until when it is let in again
	 */
	public record BlockedDescriptor(String address, Instant until) {
	}

	/**
	 * Counts over all scripts.
	 *
	 * @param runs runs started (or failed to start)
	 * @param failures spawn errors, non-zero exits, signals and malformed output
	 * @param timeouts runs stopped by a time limit
	 * @param aborted runs stopped because the client went away
	 * @param rejected requests answered 503 because every slot was busy
	 * @param active scripts running now
	 * @param maxConcurrent the most scripts that may run at once
	 * @param queued requests waiting for a slot now
	 */
	public record TotalsDescriptor(long runs, long failures, long timeouts, long aborted, long rejected, int active,
			int maxConcurrent, int queued) {

		static TotalsDescriptor of(RunHistory history, ProcessExecutionService processes) {
			RunCounts.Totals totals = history.totals();
			return new TotalsDescriptor(totals.runs(), totals.failures(), totals.timeouts(), totals.aborted(),
					totals.rejected(), processes.active(), processes.getMaxConcurrent(), processes.waiting());
		}

	}

	/**
	 * A configured prefix.
	 *
	 * @param path the URL path
	 * @param target the folder or program
	 * @param program whether the target is one program
	 * @param timeoutMillis its wall-clock limit
	 */
	public record PrefixDescriptor(String path, String target, boolean program, long timeoutMillis) {

		static PrefixDescriptor of(ScriptPrefix prefix) {
			return new PrefixDescriptor(prefix.path(), prefix.target().toString(), prefix.program(),
					prefix.timeout().toMillis());
		}

	}

	/**
	 * Statistics of one script.
	 *
	 * @param runs runs started (or failed to start)
	 * @param failures failed runs
	 * @param timeouts timed-out runs
	 * @param aborted runs stopped because the client went away
	 * @param rejected requests answered 503
	 * @param active runs in progress
	 * @param meanDurationMillis mean duration of its runs
	 * @param p50DurationMillis median duration of its latest runs
	 * @param p95DurationMillis 95th percentile duration of its latest runs
	 * @param maxDurationMillis longest run
	 * @param bytesIn request body bytes given to it
	 * @param bytesOut bytes it wrote
	 * @param cost what its runs cost in CPU time and memory, or {@code null} when no run
	 * was measured (the way scripts are started gives no figure)
	 * @param lastRun its most recent run
	 * @param lastFailure its most recent failure or timeout
	 */
	public record ScriptDescriptor(long runs, long failures, long timeouts, long aborted, long rejected, int active,
			double meanDurationMillis, double p50DurationMillis, double p95DurationMillis, double maxDurationMillis,
			long bytesIn, long bytesOut, @Nullable CostDescriptor cost,
			@Nullable LastRunDescriptor lastRun, @Nullable FailureDescriptor lastFailure) {

		static Map<String, ScriptDescriptor> all(RunHistory history) {
			Map<String, ScriptDescriptor> scripts = new LinkedHashMap<>();
			history.scripts().forEach((name, snapshot) -> scripts.put(name, ScriptDescriptor.of(snapshot)));
			return scripts;
		}

		static ScriptDescriptor of(ScriptStatistics.Snapshot snapshot) {
			ScriptRun last = snapshot.lastRun();
			ScriptRun failure = snapshot.lastFailure();
			RunCounts.Totals counts = snapshot.counts();
			return new ScriptDescriptor(counts.runs(), counts.failures(), counts.timeouts(), counts.aborted(),
					counts.rejected(), snapshot.active(), millis(snapshot.mean()), millis(snapshot.p50()),
					millis(snapshot.p95()), millis(snapshot.max()),
					snapshot.bytesIn(), snapshot.bytesOut(), CostDescriptor.of(snapshot.cost()),
					(last != null) ? LastRunDescriptor.of(last) : null,
					(failure != null) ? FailureDescriptor.of(failure) : null);
		}

	}

	/**
	 * What a script's runs cost, as the kernel counted it when each run's process was
	 * reaped.
	 *
	 * @param measuredRuns the runs with a figure, which the others count over
	 * @param cpuMillis CPU time (user and system) of all of them
	 * @param userCpuMillis CPU time in user mode of all of them
	 * @param systemCpuMillis CPU time in the kernel of all of them
	 * @param p95CpuMillis 95th percentile of the CPU time of one of its latest runs
	 * @param memoryMeasuredRuns the runs with a figure of their peak memory: those that
	 * went beyond the memory of the JVM they were spawned from
	 * @param maxMemoryBytes the largest resident set of any one of its processes, or
	 * {@code null} when no run's is known
	 * @param p95MemoryBytes 95th percentile of the largest resident set of its latest runs
	 * whose is known, or {@code null}
	 */
	public record CostDescriptor(long measuredRuns, double cpuMillis, double userCpuMillis, double systemCpuMillis,
			double p95CpuMillis, long memoryMeasuredRuns, @Nullable Long maxMemoryBytes,
			@Nullable Long p95MemoryBytes) {

		static @Nullable CostDescriptor of(RunCosts.@Nullable Totals cost) {
			if (cost == null) {
				return null;
			}
			return new CostDescriptor(cost.measuredRuns(), millis(cost.cpu()), millis(cost.user()),
					millis(cost.system()), millis(cost.p95Cpu()), cost.memoryMeasuredRuns(), cost.maxRssBytes(),
					cost.p95MaxRssBytes());
		}

	}

	/**
	 * A script's most recent run.
	 *
	 * @param time when it started
	 * @param status the HTTP status sent
	 * @param exitCode its exit status (-1 when it did not start)
	 * @param durationMillis how long it took
	 * @param outcome how it went
	 */
	public record LastRunDescriptor(Instant time, int status, int exitCode, double durationMillis, String outcome) {

		static LastRunDescriptor of(ScriptRun run) {
			return new LastRunDescriptor(run.time(), run.status(), run.exitCode(), millis(run.duration()),
					run.outcome().tag());
		}

	}

	/**
	 * A script's most recent failure.
	 *
	 * @param time when the run started
	 * @param reason what went wrong
	 * @param exitCode its exit status (-1 when it did not start)
	 * @param signal the signal that killed it, or 0
	 * @param status the HTTP status sent
	 * @param stderr the last few kilobytes of its standard error
	 */
	public record FailureDescriptor(Instant time, @Nullable String reason, int exitCode, int signal, int status,
			String stderr) {

		static FailureDescriptor of(ScriptRun run) {
			return new FailureDescriptor(run.time(), run.failureReason(), run.exitCode(), run.signal(), run.status(),
					run.stderrTail());
		}

	}

	/**
	 * The most recent runs.
	 *
	 * @param runs newest first
	 */
	public record RunsDescriptor(List<RunDescriptor> runs) {
	}

	/**
	 * One run.
	 *
	 * @param time when it started
	 * @param script its SCRIPT_NAME
	 * @param method the request method
	 * @param status the HTTP status sent
	 * @param exitCode its exit status (-1 when it did not start)
	 * @param durationMillis how long it took
	 * @param outcome how it went
	 * @param reason what went wrong, if anything
	 */
	public record RunDescriptor(Instant time, String script, String method, int status, int exitCode,
			double durationMillis, String outcome, @Nullable String reason) {

		static RunDescriptor of(ScriptRun run) {
			return new RunDescriptor(run.time(), run.scriptName(), run.method(), run.status(), run.exitCode(),
					millis(run.duration()), run.outcome().tag(), run.failureReason());
		}

	}

	private static double millis(Duration duration) {
		return duration.toNanos() / 1_000_000.0;
	}

}
