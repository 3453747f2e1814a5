package org.cgiserver.websocket;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.cgiserver.config.WebSocketMode;
import org.cgiserver.process.ProcessSpec;

/**
 * A session whose handshake was accepted and whose script is yet to start: what the
 * handshake request held, kept for the session, as the request itself is gone by then.
 *
 * @param scriptName the script's URL path
 * @param path the request's decoded path
 * @param spec what to run
 * @param mode text or binary
 * @param client the client's address
 * @param user the user who logged in, or {@code null}
 * @param time when the handshake came
 */
record PendingSession(String scriptName, String path, ProcessSpec spec, WebSocketMode mode, String client,
		@Nullable String user, Instant time) {

	/** The session attribute and request attribute that hold it. */
	static final String ATTRIBUTE = PendingSession.class.getName();

}
