package org.cgiserver.websocket;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.ScriptLookup;
import org.cgiserver.cgi.ScriptRequestMapping;
import org.cgiserver.cgi.ScriptResolver;
import org.cgiserver.config.WebSocketMode;
import org.cgiserver.paths.RequestPaths;

import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Sends requests under a WebSocket prefix to the {@link SocketHandshake}, ahead of the
 * CGI handler, with the script they resolve to (by the CGI rules) as a request
 * attribute.
 */
final class SocketHandlerMapping extends AbstractHandlerMapping implements ScriptRequestMapping {

	private final SocketPrefixes prefixes;

	private final ScriptResolver resolver;

	private final SocketHandshake handshake;

	SocketHandlerMapping(SocketPrefixes prefixes, ScriptResolver resolver, SocketHandshake handshake) {
		this.prefixes = prefixes;
		this.resolver = resolver;
		this.handshake = handshake;
	}

	@Override
	protected @Nullable Object getHandlerInternal(HttpServletRequest request) {
		String path = RequestPaths.decodedPath(request);
		WebSocketMode mode = this.prefixes.modeFor(path);
		if (mode == null) {
			return null;
		}
		ScriptLookup lookup = this.resolver.resolve(path);
		if (lookup == null) {
			return null;
		}
		request.setAttribute(SocketHandshake.TARGET_ATTRIBUTE, new SocketHandshake.Target(lookup, mode));
		return this.handshake;
	}

}
