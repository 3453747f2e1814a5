package org.cgiserver.websocket;

import java.util.Locale;

import org.springframework.web.socket.CloseStatus;

/**
 * Why a session ended, each with the close code the client sees: the tag of the
 * closed-sessions metric and of the session's access-log line.
 */
enum SessionEnd {

	/** The script ended its output (exit status 0): 1000. */
	SCRIPT_EXIT(CloseStatus.NORMAL),

	/** The script exited with another status, or could not be started: 1011. */
	SCRIPT_FAILED(CloseStatus.SERVER_ERROR),

	/** The client closed the session. */
	CLIENT(CloseStatus.NORMAL),

	/** The session lasted cgi.websocket.max-duration: 1008. */
	MAX_DURATION(CloseStatus.POLICY_VIOLATION.withReason("session lasted cgi.websocket.max-duration")),

	/** A message of the client was larger than cgi.websocket.max-message-size: 1009. */
	MESSAGE_TOO_BIG(CloseStatus.TOO_BIG_TO_PROCESS.withReason("message larger than cgi.websocket.max-message-size")),

	/** A line (or read) of the script was longer than cgi.websocket.max-message-size: 1011. */
	OUTPUT_TOO_BIG(CloseStatus.SERVER_ERROR.withReason("script line longer than cgi.websocket.max-message-size")),

	/** A binary message reached a text-mode script: 1003. */
	UNSUPPORTED_DATA(CloseStatus.NOT_ACCEPTABLE.withReason("text messages only")),

	/** A message could not be sent (the client reads too slowly, or is gone): 1011. */
	SEND_FAILED(CloseStatus.SERVER_ERROR.withReason("message not sent")),

	/** The client did not answer a ping before the next: 1001. */
	PING_TIMEOUT(CloseStatus.GOING_AWAY.withReason("no answer to ping")),

	/** The server shut down: 1001. */
	SHUTDOWN(CloseStatus.GOING_AWAY.withReason("server shutting down"));

	private final CloseStatus status;

	SessionEnd(CloseStatus status) {
		this.status = status;
	}

	CloseStatus status() {
		return this.status;
	}

	/**
	 * The tag of the end, such as {@code max-duration}.
	 * @return the tag
	 */
	String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Why a session the server did not close ended, from the status it closed with.
	 * @param status the status of the client's close, or of the container's
	 * @return the end
	 */
	static SessionEnd ofClientClose(CloseStatus status) {
		return (status.getCode() == CloseStatus.TOO_BIG_TO_PROCESS.getCode()) ? MESSAGE_TOO_BIG : CLIENT;
	}

}
