package org.cgiserver.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;

import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.text.PageHeaders;
import org.cgiserver.websocket.SessionReport;

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

	private final String contentSecurityPolicy;

	private final RunHistory history;

	private final RunningScripts running;

	private final RunTimeline timeline;

	private final ProcessExecutionService processes;

	private final Supplier<SessionReport> sessions;

	private final Clock clock;

	StatusPage(RunHistory history, RunningScripts running, RunTimeline timeline, ProcessExecutionService processes,
			Supplier<SessionReport> sessions, Clock clock) {
		this.html = read("org/cgiserver/monitor/status-page.html");
		this.contentSecurityPolicy = contentSecurityPolicy(new String(this.html, StandardCharsets.UTF_8));
		this.history = history;
		this.running = running;
		this.timeline = timeline;
		this.processes = processes;
		this.sessions = sessions;
		this.clock = clock;
	}

	ServerResponse page(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(HTML)
			.cacheControl(CacheControl.noStore())
			.header("Content-Security-Policy", this.contentSecurityPolicy)
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "no-referrer")
			.body(this.html);
	}

	ServerResponse data(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.header("X-Content-Type-Options", "nosniff")
			.body(report());
	}

	/**
	 * Lets the page run its own script and nothing else, fetch only its data, and never be
	 * framed: what a script's stderr shown on it could ever inject would not run.
	 */
	private static String contentSecurityPolicy(String html) {
		int start = html.indexOf("<script>") + "<script>".length();
		int end = html.indexOf("</script>", start);
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest(html.substring(start, end).getBytes(StandardCharsets.UTF_8));
			return PageHeaders.CONTENT_SECURITY_POLICY + "; script-src 'sha256-"
					+ Base64.getEncoder().encodeToString(hash) + "'; style-src 'unsafe-inline'; connect-src 'self'";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from the JDK", ex);
		}
	}

	StatusReport report() {
		Instant now = this.clock.instant();
		return new StatusReport(now, CgiEndpoint.TotalsDescriptor.of(this.history, this.processes),
				this.running.now().stream().map((start) -> StatusReport.RunningDescriptor.of(start, now)).toList(),
				CgiEndpoint.ScriptDescriptor.all(this.history),
				new StatusReport.TimelineDescriptor(this.timeline.interval().toSeconds(), this.timeline.intervals()),
				this.sessions.get());
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
