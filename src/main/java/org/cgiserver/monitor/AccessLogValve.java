package org.cgiserver.monitor;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.ServletException;
import org.apache.catalina.AccessLog;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.cgi.PendingRun;

/**
 * One line per request on the {@code cgiserver.access} logger, in key=value form: method,
 * path, status, bytes, duration and, for CGI requests, the script and its outcome as the
 * response saw it (a script that keeps running after its output ended shows as
 * {@code running}). As a Tomcat access log it sees every request, also those Tomcat
 * rejects itself, and knows the bytes sent without wrapping the response.
 */
final class AccessLogValve extends ValveBase implements AccessLog {

	private static final Logger logger = LoggerFactory.getLogger("cgiserver.access");

	private static final Duration OUTCOME_WAIT = Duration.ofMillis(50);

	private boolean requestAttributesEnabled;

	AccessLogValve() {
		super(true);
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
		PendingRun run = PendingRun.of(request);
		StringBuilder line = new StringBuilder(160);
		line.append("method=")
			.append(request.getMethod())
			.append(" path=")
			.append(request.getRequestURI())
			.append(" status=")
			.append(response.getStatus())
			.append(" bytes=")
			.append(response.getBytesWritten(false))
			.append(" duration_ms=")
			.append(time / 1_000_000.0)
			.append(" client=")
			.append(request.getRemoteAddr());
		if (run != null) {
			line.append(" script=").append(run.scriptName()).append(" outcome=").append(outcome(run));
		}
		logger.info(line.toString());
	}

	/**
	 * The run's outcome: the response has been sent by now, and a script whose output has
	 * ended has usually exited, but its exit may not have been reaped yet.
	 */
	private static String outcome(PendingRun run) {
		try {
			return run.run().get(OUTCOME_WAIT.toMillis(), TimeUnit.MILLISECONDS).outcome().tag();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "running";
		}
		catch (ExecutionException | TimeoutException ex) {
			return "running";
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
