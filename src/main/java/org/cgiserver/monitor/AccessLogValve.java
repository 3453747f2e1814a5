package org.cgiserver.monitor;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.AccessLog;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.cgi.PendingRun;
import org.cgiserver.cgi.ScriptRun;
import org.cgiserver.process.RunCost;
import org.cgiserver.ratelimit.RateLimitedRequests;
import org.cgiserver.websocket.SessionRequests;

/**
 * One line per request on the {@code cgiserver.access} logger, in key=value or JSON form:
 * method, path, status, bytes, duration and, for CGI requests, the script and its outcome
 * (for a request a rate limit refused, the outcome {@code rate-limited}). As a
 * Tomcat access log it sees every request, also those Tomcat rejects itself, and knows
 * the bytes sent without wrapping the response.
 *
 * <p>The line of a script's request is written once the script has exited, so that it
 * shows the outcome that {@code /actuator/cgi} records, however long the exit takes to
 * be reaped on a busy machine. A script that keeps running long after its output ended
 * is logged as {@code running} after {@link #OUTCOME_WAIT}. A script that took over its
 * connection (101) is logged when the session ends, however long it lasts, with the
 * session's duration and the bytes the script wrote. A script's WebSocket session (a
 * websocketd-way prefix) writes its own line when it ends, so its handshake gets none.
 */
final class AccessLogValve extends ValveBase implements AccessLog {

	/** The logger of every access-log format. */
	static final String LOGGER = "cgiserver.access";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	private static final Duration OUTCOME_WAIT = Duration.ofSeconds(10);

	private final LineFormat format;

	private boolean requestAttributesEnabled;

	/**
	 * @param format how a line is written
	 */
	AccessLogValve(LineFormat format) {
		super(true);
		this.format = format;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
	}

	@Override
	public void log(Request request, Response response, long time) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		// Read everything now: Tomcat recycles the request and response once this returns.
		AccessLine line = AccessLine.of(request, response, time);
		PendingRun run = PendingRun.of(request);
		if (run == null && SessionRequests.openedSession(request, response.getStatus())) {
			// The session writes its own line when it ends, with what the handshake's lacks.
			return;
		}
		if (run == null) {
			logger.info(this.format.line(line, null, RateLimitedRequests.outcome(request), null));
			return;
		}
		CompletableFuture<RunEnd> end = run.run().handle((done, failure) -> RunEnd.of(done));
		if (response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
			long loggedAt = System.nanoTime();
			end.thenAccept((ended) -> logger.info(this.format.line(
					line.lasting(System.nanoTime() - loggedAt, ended.bytesOut()), run.scriptName(), ended.outcome(),
					ended.cost())));
			return;
		}
		if (!end.isDone()) {
			// Not on this thread: the connection's next request need not wait for the exit.
			end = end.completeOnTimeout(RunEnd.RUNNING, OUTCOME_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		end.thenAccept((ended) -> logger.info(this.format.line(line, run.scriptName(), ended.outcome(), ended.cost())));
	}

	/**
	 * How a line is written from a request and, for scripts, their script, outcome and
	 * cost.
	 */
	@FunctionalInterface
	interface LineFormat {

		String line(AccessLine line, @Nullable String script, @Nullable String outcome, @Nullable RunCost cost);

	}

	/**
	 * What the line tells of a script's run.
	 *
	 * @param outcome its outcome's tag, {@code running} when it has not ended in time for
	 * the line, or {@code unknown}
	 * @param cost what it cost, or {@code null} when there is no figure
	 * @param bytesOut the bytes the script wrote, or 0 when unknown
	 */
	private record RunEnd(String outcome, @Nullable RunCost cost, long bytesOut) {

		static final RunEnd RUNNING = new RunEnd("running", null, 0);

		static RunEnd of(@Nullable ScriptRun run) {
			return (run != null) ? new RunEnd(run.outcome().tag(), run.cost(), run.bytesOut())
					: new RunEnd("unknown", null, 0);
		}

	}

	@Override
	public void setRequestAttributesEnabled(boolean requestAttributesEnabled) {
		this.requestAttributesEnabled = requestAttributesEnabled;
	}

	@Override
	public boolean getRequestAttributesEnabled() {
		return this.requestAttributesEnabled;
	}

}
