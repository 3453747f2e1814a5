package org.cgiserver.connection;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The TCP connection a request came in on, as the servlet container reports it.
 *
 * @param remoteAddress the client's numeric address
 * @param remotePort the client's port
 * @param localPort the server port the connection was accepted on
 */
public record ClientConnection(String remoteAddress, int remotePort, int localPort) {

	private static final String PEER_ATTRIBUTE = ClientConnection.class.getName() + ".peer";

	/**
	 * Keeps the address of the connection's other end on the request, whatever address
	 * forwarded headers make the request report.
	 * @param request the request
	 * @param peerAddress the address of the socket's peer
	 */
	static void rememberPeer(ServletRequest request, String peerAddress) {
		request.setAttribute(PEER_ATTRIBUTE, peerAddress);
	}

	/**
	 * The connection of a request.
	 * @param request the request
	 * @return its connection
	 */
	public static ClientConnection of(HttpServletRequest request) {
		// Behind a proxy the container reports the client the proxy names; the kernel
		// knows the connection by the proxy's address, which the container keeps apart.
		String address = (request.getAttribute(PEER_ATTRIBUTE) instanceof String peer) ? peer : request.getRemoteAddr();
		// A link-local IPv6 address may carry its interface; the kernel's table does not.
		int scope = address.indexOf('%');
		return new ClientConnection((scope >= 0) ? address.substring(0, scope) : address, request.getRemotePort(),
				request.getLocalPort());
	}

}
