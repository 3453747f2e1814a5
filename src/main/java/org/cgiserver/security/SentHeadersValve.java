package org.cgiserver.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Keeps on each request what it sent ({@link SentHeaders}), first of all the server's
 * valves: Tomcat's {@code RemoteIpValve} rewrites the request from forwarded headers
 * after it, and removes the {@code X-Forwarded-For} entries it believed.
 */
final class SentHeadersValve extends ValveBase {

	SentHeadersValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		SentHeaders.read(request).keep(request);
		getNext().invoke(request, response);
	}

}
