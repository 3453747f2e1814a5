package org.cgiserver.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;

import org.cgiserver.process.ProcessExecutionService;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The live status page: one HTML file with its own styles and script (no external
 * assets, since many servers have no internet), and the report it polls.
 */
final class StatusPage {

	private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

	private final byte[] html;

	private final RunHistory history;

	private final RunningScripts running;

	private final RunTimeline timeline;

	private final ProcessExecutionService processes;

	private final Clock clock;

	StatusPage(RunHistory history, RunningScripts running, RunTimeline timeline, ProcessExecutionService processes,
			Clock clock) {
		this.html = read("org/cgiserver/monitor/status-page.html");
		this.history = history;
		this.running = running;
		this.timeline = timeline;
		this.processes = processes;
		this.clock = clock;
	}

	ServerResponse page(ServerRequest request) {
		return ServerResponse.ok().contentType(HTML).cacheControl(CacheControl.noStore()).body(this.html);
	}

	ServerResponse data(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.body(report());
	}

	StatusReport report() {
		Instant now = this.clock.instant();
		return new StatusReport(now, CgiEndpoint.TotalsDescriptor.of(this.history, this.processes),
				this.running.now().stream().map((start) -> StatusReport.RunningDescriptor.of(start, now)).toList(),
				CgiEndpoint.ScriptDescriptor.all(this.history),
				new StatusReport.TimelineDescriptor(this.timeline.interval().toSeconds(), this.timeline.intervals()));
	}

	private static byte[] read(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The status page is missing from the jar", ex);
		}
	}

}
