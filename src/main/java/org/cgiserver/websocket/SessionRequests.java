package org.cgiserver.websocket;

import jakarta.servlet.ServletRequest;

/**
 * Which requests opened a script's session the websocketd way: such a session writes its
 * own access-log line when it ends, with its duration and messages, in place of the line
 * of its handshake.
 */
public final class SessionRequests {

	private SessionRequests() {
	}

	/**
	 * Whether the request is the accepted handshake of a script's session.
	 * @param request the request, answered
	 * @param status the status it was answered with
	 * @return {@code true} when the session logs itself
	 */
	public static boolean openedSession(ServletRequest request, int status) {
		return status == 101 && request.getAttribute(PendingSession.ATTRIBUTE) != null;
	}

}
