package org.cgiserver.connection;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The TCP connection a request came in on, as the servlet container reports it.
 *
 * @param remoteAddress the client's numeric address
 * @param remotePort the client's port
 * @param localPort the server port the connection was accepted on
 */
public record ClientConnection(String remoteAddress, int remotePort, int localPort) {

	/**
	 * The connection of a request.
	 * @param request the request
	 * @return its connection
	 */
	public static ClientConnection of(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		// A link-local IPv6 address may carry its interface; the kernel's table does not.
		int scope = address.indexOf('%');
		return new ClientConnection((scope >= 0) ? address.substring(0, scope) : address, request.getRemotePort(),
				request.getLocalPort());
	}

}
