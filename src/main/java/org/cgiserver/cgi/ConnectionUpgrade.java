package org.cgiserver.cgi;

import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.cgiserver.config.InvalidConfigurationException;

/**
 * Whether the scripts of a prefix may take over their connection
 * ({@code cgi.prefixes[N].upgrade}, like lighttpd's {@code cgi.upgrade}), and from which
 * pages ({@link PageOrigins}).
 *
 * @param allowed whether an upgrade request reaches the script as one
 * @param origins the pages whose requests are let through
 */
public record ConnectionUpgrade(boolean allowed, PageOrigins origins) {

	/** Plain CGI: no script takes over its connection. */
	public static final ConnectionUpgrade NONE = new ConnectionUpgrade(false, PageOrigins.OWN);

	/**
	 * Checks a prefix's settings.
	 * @param allowed the configured {@code upgrade}
	 * @param origins the configured {@code origins}
	 * @param property the prefix's property, such as {@code cgi.prefixes[0]}
	 * @return the validated setting
	 */
	static ConnectionUpgrade of(boolean allowed, List<String> origins, String property) {
		if (!allowed && !origins.isEmpty()) {
			throw new InvalidConfigurationException(property + ".origins", origins,
					"origins are checked for upgrade requests only: set " + property + ".upgrade too");
		}
		return new ConnectionUpgrade(allowed, PageOrigins.of(origins, property + ".origins", false));
	}

	/**
	 * Whether a request asks to switch protocols where that is allowed: HTTP/1.1 (HTTP/2
	 * has no Upgrade), an {@code Upgrade} header and {@code upgrade} among the
	 * {@code Connection} options, and no body (a handshake has none, and the script's input
	 * must be the client's bytes once the body is given).
	 * @param request the request
	 * @return whether the script may answer it with 101
	 */
	boolean requestedBy(HttpServletRequest request) {
		return this.allowed && "HTTP/1.1".equals(request.getProtocol()) && request.getHeader("Upgrade") != null
				&& hasToken(request.getHeaders("Connection"), "upgrade") && request.getContentLengthLong() <= 0
				&& request.getHeader("Transfer-Encoding") == null;
	}

	/**
	 * Whether the page that sent an upgrade request may open one here.
	 * @param request the upgrade request
	 * @return whether it is let through
	 */
	boolean originAllowed(HttpServletRequest request) {
		return this.origins.allow(request);
	}

	private static boolean hasToken(Enumeration<String> values, String token) {
		while (values.hasMoreElements()) {
			for (String part : values.nextElement().split(",")) {
				if (part.strip().equalsIgnoreCase(token)) {
					return true;
				}
			}
		}
		return false;
	}

}
