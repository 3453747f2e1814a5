package org.cgiserver.websocket;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.cgi.PageOrigins;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses with 403 a handshake from a page that {@link PageOrigins} does not let through
 * (another origin than the server's own, unless cgi.websocket.allowed-origins lists it),
 * by the same rule as connections taken over by scripts.
 */
final class OriginCheck implements HandshakeInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(OriginCheck.class);

	private final PageOrigins origins;

	OriginCheck(PageOrigins origins) {
		this.origins = origins;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		if (this.origins.allow(((ServletServerHttpRequest) request).getServletRequest())) {
			return true;
		}
		logger.info("WebSocket handshake for {} refused: origin {} is not allowed (cgi.websocket.allowed-origins)",
				request.getURI().getPath(), request.getHeaders().getOrigin());
		response.setStatusCode(HttpStatus.FORBIDDEN);
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			@Nullable Exception exception) {
	}

}
