package org.cgiserver.websocket;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.CgiMappings;
import org.cgiserver.cgi.ScriptPrefix;
import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.WebSocketMode;

/**
 * The prefixes whose scripts talk over WebSocket, and in which mode: found among the
 * validated CGI prefixes, so that a request path reaches the same prefix whichever
 * handler looks.
 */
final class SocketPrefixes {

	private final CgiMappings mappings;

	private final Map<String, WebSocketMode> modes;

	private SocketPrefixes(CgiMappings mappings, Map<String, WebSocketMode> modes) {
		this.mappings = mappings;
		this.modes = Map.copyOf(modes);
	}

	/**
	 * The prefixes marked {@code websocket}.
	 * @param configured the prefixes as configured
	 * @param mappings the same prefixes, validated
	 * @return the marked ones
	 */
	static SocketPrefixes of(List<CgiProperties.Prefix> configured, CgiMappings mappings) {
		Map<String, WebSocketMode> modes = new HashMap<>();
		for (CgiProperties.Prefix prefix : configured) {
			WebSocketMode mode = prefix.getWebsocket();
			String path = prefix.getPath();
			if (mode != null && path != null) {
				// The validated prefix of the same path, as the mappings cleaned it.
				ScriptPrefix validated = mappings.prefixFor(path);
				if (validated != null) {
					modes.put(validated.path(), mode);
				}
			}
		}
		return new SocketPrefixes(mappings, modes);
	}

	/**
	 * The mode of the WebSocket prefix a decoded request path lies under.
	 * @param requestPath the decoded, normalized path
	 * @return the mode, or {@code null} when the path is no WebSocket prefix's
	 */
	@Nullable WebSocketMode modeFor(String requestPath) {
		if (this.modes.isEmpty()) {
			return null;
		}
		ScriptPrefix prefix = this.mappings.prefixFor(requestPath);
		return (prefix != null) ? this.modes.get(prefix.path()) : null;
	}

	boolean isEmpty() {
		return this.modes.isEmpty();
	}

}
