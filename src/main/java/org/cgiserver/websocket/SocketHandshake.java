package org.cgiserver.websocket;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.cgi.ScriptLookup;
import org.cgiserver.config.WebSocketMode;

import org.springframework.web.HttpRequestHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Answers requests under a WebSocket prefix: a script that exists gets Spring's
 * handshake (after the access rules and logins, which ran as for any request, and the
 * Origin check and session cap of its interceptors); 404 and 403 otherwise, as for CGI.
 * A slot taken for a handshake that did not switch protocols is given back.
 */
final class SocketHandshake implements HttpRequestHandler {

	private static final Logger logger = LoggerFactory.getLogger(SocketHandshake.class);

	static final String TARGET_ATTRIBUTE = SocketHandshake.class.getName() + ".target";

	private final WebSocketHttpRequestHandler upgrade;

	private final ScriptSessions sessions;

	SocketHandshake(WebSocketHttpRequestHandler upgrade, ScriptSessions sessions) {
		this.upgrade = upgrade;
		this.sessions = sessions;
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		Target target = (Target) request.getAttribute(TARGET_ATTRIBUTE);
		if (target.lookup() instanceof ScriptLookup.Found) {
			try {
				this.upgrade.handleRequest(new WithoutExtensions(request), response);
			}
			finally {
				if (request.getAttribute(PendingSession.ATTRIBUTE) != null
						&& response.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
					this.sessions.release();
				}
			}
		}
		else if (target.lookup() instanceof ScriptLookup.Forbidden forbidden) {
			logger.info("Refused WebSocket request for {}: {}", request.getRequestURI(), forbidden.reason());
			response.sendError(HttpServletResponse.SC_FORBIDDEN, "Forbidden");
		}
		else {
			response.sendError(HttpServletResponse.SC_NOT_FOUND, "No such CGI script");
		}
	}

	/**
	 * What a request under a WebSocket prefix resolved to.
	 *
	 * @param lookup the script, or why there is none
	 * @param mode the prefix's mode
	 */
	record Target(ScriptLookup lookup, WebSocketMode mode) {
	}

}
