package org.cgiserver.monitor;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.AccessLog;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.cgi.CgiController;

/**
 * One line per request on the {@code cgiserver.access} logger, in key=value form: method,
 * path, status, bytes, duration and, for CGI requests, the script and its outcome as the
 * response saw it. As a Tomcat access log it sees every request, also those Tomcat
 * rejects itself, and knows the bytes sent without wrapping the response.
 */
final class AccessLogValve extends ValveBase implements AccessLog {

	private static final Logger logger = LoggerFactory.getLogger("cgiserver.access");

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
		Object script = request.getAttribute(CgiController.SCRIPT_ATTRIBUTE);
		Object outcome = request.getAttribute(CgiController.OUTCOME_ATTRIBUTE);
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
		if (script != null) {
			line.append(" script=").append(script).append(" outcome=").append(outcome);
		}
		logger.info(line.toString());
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
