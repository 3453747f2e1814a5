package org.cgiserver.websocket;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.cgi.CgiRequest;
import org.cgiserver.cgi.ProcessSpecFactory;
import org.cgiserver.cgi.Script;
import org.cgiserver.cgi.ScriptLookup;
import org.cgiserver.paths.RequestPaths;
import org.cgiserver.process.ProcessSpec;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Takes a session slot for a handshake, or refuses it with 503 when
 * {@code cgi.websocket.max-sessions} are open, and makes what its script will run with
 * while the request is still there: the CGI environment of the handshake request, with
 * the session's longest duration in place of {@code cgi.timeout}.
 */
final class SessionAdmission implements HandshakeInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(SessionAdmission.class);

	private final ScriptSessions sessions;

	private final ProcessSpecFactory specs;

	private final Duration maxDuration;

	SessionAdmission(ScriptSessions sessions, ProcessSpecFactory specs, Duration maxDuration) {
		this.sessions = sessions;
		this.specs = specs;
		this.maxDuration = maxDuration;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		SocketHandshake.Target target = (SocketHandshake.Target) servletRequest
			.getAttribute(SocketHandshake.TARGET_ATTRIBUTE);
		Script script = ((ScriptLookup.Found) target.lookup()).script();
		if (!this.sessions.tryOpen()) {
			logger.warn("WebSocket session for {} refused: cgi.websocket.max-sessions ({}) are open",
					script.scriptName(), this.sessions.max());
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			response.getHeaders().set("Retry-After", "1");
			return false;
		}
		CgiRequest cgiRequest = CgiRequest.from(servletRequest);
		ProcessSpec cgi = this.specs.spec(script, cgiRequest, 0);
		// Not cut by cgi.timeout, nor by cgi.idle-timeout: a quiet session is normal.
		ProcessSpec spec = new ProcessSpec(cgi.name(), cgi.command(), cgi.environment(), cgi.workingDirectory(),
				this.maxDuration, null, cgi.policy());
		PendingSession pending = new PendingSession(script.scriptName(), RequestPaths.decodedPath(servletRequest),
				spec, target.mode(), cgiRequest.remoteAddress(), cgiRequest.remoteUser(), Instant.now());
		attributes.put(PendingSession.ATTRIBUTE, pending);
		servletRequest.setAttribute(PendingSession.ATTRIBUTE, pending);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
	}

}
