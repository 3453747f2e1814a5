package org.cgiserver.connection;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Keeps each request's socket peer on the request, for the disconnect watcher: with
 * forwarded headers on, Tomcat reports the proxy's client as the remote address, and
 * only the peer address finds the connection in the kernel's table.
 */
final class PeerAddressValve extends ValveBase {

	PeerAddressValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		ClientConnection.rememberPeer(request, request.getPeerAddr());
		getNext().invoke(request, response);
	}

}
