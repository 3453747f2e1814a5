package org.cgiserver.monitor;

import java.io.CharArrayWriter;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.cgiserver.security.LoggedInUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache's combined format, written by Tomcat's own access log machinery, on the
 * {@code cgiserver.access} logger instead of a file of Tomcat's (so that it goes where
 * the other formats go): the standard line that GoAccess and AWStats read, logged when
 * the response is complete.
 */
final class CombinedAccessLogValve extends AbstractAccessLogValve {

	private static final Logger logger = LoggerFactory.getLogger(AccessLogValve.LOGGER);

	CombinedAccessLogValve() {
		setPattern("combined");
	}

	@Override
	public void log(Request request, Response response, long time) {
		// %u is the container's user; the login happened in Spring Security, after it.
		String user = LoggedInUser.of(request);
		if (request.getUserPrincipal() == null && user != null) {
			request.setUserPrincipal(() -> user);
		}
		super.log(request, response, time);
	}

	@Override
	protected void log(CharArrayWriter message) {
		logger.info(message.toString());
	}

}
