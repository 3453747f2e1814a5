package org.cgiserver.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.cgiserver.cgi.ScriptRun;
import org.cgiserver.cgi.ScriptRunListener;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.security.LoginFailures;

/**
 * Micrometer meters of script runs: the timer {@code cgi.runs} (tags script, outcome,
 * status), the gauges {@code cgi.active}, {@code cgi.max.concurrent} and
 * {@code cgi.queued}, and the counters {@code cgi.bytes.in} and
 * {@code cgi.bytes.out}, and the counter {@code cgi.auth.failures} of failed logins.
 * The script tag is a SCRIPT_NAME, which only existing scripts
 * produce, so its cardinality is bounded by the scripts on disk.
 */
final class CgiMetrics implements ScriptRunListener {

	private final MeterRegistry registry;

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
	public void onRun(ScriptRun run) {
		Timer.builder("cgi.runs")
			.description("Script runs by outcome")
			.tag("script", run.scriptName())
			.tag("outcome", run.outcome().tag())
			.tag("status", Integer.toString(run.status()))
			.register(this.registry)
			.record(run.duration());
		if (run.bytesIn() > 0) {
			Counter.builder("cgi.bytes.in")
				.baseUnit("bytes")
				.description("Request body bytes given to scripts")
				.tag("script", run.scriptName())
				.register(this.registry)
				.increment(run.bytesIn());
		}
		Counter.builder("cgi.bytes.out")
			.baseUnit("bytes")
			.description("Bytes written by scripts")
			.tag("script", run.scriptName())
			.register(this.registry)
			.increment(run.bytesOut());
	}

}
