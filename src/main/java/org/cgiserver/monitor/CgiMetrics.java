package org.cgiserver.monitor;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.cgiserver.cgi.ScriptRun;
import org.cgiserver.cgi.ScriptRun.Outcome;
import org.cgiserver.cgi.ScriptRunListener;
import org.cgiserver.cgi.ScriptStart;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.process.RunCost;
import org.cgiserver.security.LoginFailures;

/**
 * Micrometer meters of script runs: the timer {@code cgi.runs} (tags script, outcome,
 * status), the counter {@code cgi.outcomes} (tags script, outcome), the gauges
 * {@code cgi.active}, {@code cgi.max.concurrent} and {@code cgi.queued}, the counters
 * {@code cgi.bytes.in} and {@code cgi.bytes.out}, the timer {@code cgi.run.cpu} (CPU time,
 * user and system, of each run) and the summary {@code cgi.run.memory} (the largest
 * resident set of each run's processes, whose maximum is the peak) (both tag script),
 * and the counter {@code cgi.auth.failures} of failed logins. The script tag is a SCRIPT_NAME, which only
 * existing scripts produce, so its cardinality is bounded by the scripts on disk.
 *
 * <p>A script's counters exist at zero from its first start: Prometheus's {@code rate()}
 * sees no increase in a series' first sample, so a burst of timeouts that created its
 * series would never raise an alert. {@code cgi.outcomes} has no status tag so that one
 * series per outcome covers every status that outcome can end with. The cost meters, by
 * contrast, appear only with a script's first measured run: where the way scripts are
 * started gives no figure, they are absent rather than zero.
 */
final class CgiMetrics implements ScriptRunListener {

	private final MeterRegistry registry;

	private final Map<String, ScriptMeters> scripts = new ConcurrentHashMap<>();

	CgiMetrics(MeterRegistry registry, ProcessExecutionService processes, LoginFailures loginFailures) {
		this.registry = registry;
		Gauge.builder("cgi.active", processes, ProcessExecutionService::active)
			.description("Scripts running now")
			.register(registry);
		Gauge.builder("cgi.max.concurrent", processes, ProcessExecutionService::getMaxConcurrent)
			.description("Most scripts that may run at once (cgi.max-concurrent)")
			.register(registry);
		Gauge.builder("cgi.queued", processes, ProcessExecutionService::waiting)
			.description("Requests waiting for a script slot now")
			.register(registry);
		FunctionCounter.builder("cgi.auth.failures", loginFailures, LoginFailures::total)
			.description("Failed logins: wrong or unknown credentials")
			.register(registry);
	}

	@Override
	public void onStart(ScriptStart start) {
		meters(start.scriptName());
	}

	@Override
	public void onRun(ScriptRun run) {
		Timer.builder("cgi.runs")
			.description("Script runs by outcome")
			.tag("script", run.scriptName())
			.tag("outcome", run.outcome().tag())
			.tag("status", Integer.toString(run.status()))
			.register(this.registry)
			.record(run.duration());
		ScriptMeters meters = meters(run.scriptName());
		meters.outcomes().get(run.outcome()).increment();
		meters.bytesIn().increment(run.bytesIn());
		meters.bytesOut().increment(run.bytesOut());
		RunCost cost = run.cost();
		if (cost != null) {
			Timer.builder("cgi.run.cpu")
				.description("CPU time (user and system) of each script run, with the processes it waited for")
				.tag("script", run.scriptName())
				.register(this.registry)
				.record(cost.cpu());
			Long maxRss = cost.maxRssBytes();
			if (maxRss != null) {
				DistributionSummary.builder("cgi.run.memory")
					.baseUnit("bytes")
					.description("Largest resident set of any one process of each script run, where known")
					.tag("script", run.scriptName())
					.register(this.registry)
					.record(maxRss);
			}
		}
	}

	private ScriptMeters meters(String script) {
		return this.scripts.computeIfAbsent(script, this::register);
	}

	private ScriptMeters register(String script) {
		Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			outcomes.put(outcome, Counter.builder("cgi.outcomes")
				.description("Script requests by outcome")
				.tag("script", script)
				.tag("outcome", outcome.tag())
				.register(this.registry));
		}
		Counter bytesIn = Counter.builder("cgi.bytes.in")
			.baseUnit("bytes")
			.description("Request body bytes given to scripts")
			.tag("script", script)
			.register(this.registry);
		Counter bytesOut = Counter.builder("cgi.bytes.out")
			.baseUnit("bytes")
			.description("Bytes written by scripts")
			.tag("script", script)
			.register(this.registry);
		return new ScriptMeters(outcomes, bytesIn, bytesOut);
	}

	/**
	 * The counters of one script, registered together at zero.
	 *
	 * @param outcomes its requests by outcome
	 * @param bytesIn the request body bytes given to it
	 * @param bytesOut the bytes it wrote
	 */
	private record ScriptMeters(Map<Outcome, Counter> outcomes, Counter bytesIn, Counter bytesOut) {
	}

}
