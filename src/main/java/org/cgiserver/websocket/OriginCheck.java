package org.cgiserver.websocket;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * Refuses with 403 a handshake from a page of another origin than the server's own,
 * unless cgi.websocket.allowed-origins lists it: browsers send a site's cookies and
 * logins with a cross-site handshake. A handshake without an Origin (no browser) passes.
 */
final class OriginCheck extends OriginHandshakeInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(OriginCheck.class);

	OriginCheck(List<String> allowedOrigins) {
		super(allowedOrigins);
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws Exception {
		boolean allowed = super.beforeHandshake(request, response, handler, attributes);
		if (!allowed) {
			logger.info("WebSocket handshake for {} refused: origin {} is not allowed (cgi.websocket.allowed-origins)",
					request.getURI().getPath(), request.getHeaders().getOrigin());
		}
		return allowed;
	}

}
