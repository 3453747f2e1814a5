package org.cgiserver.cgi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.cgiserver.config.InvalidConfigurationException;

/**
 * Whether the scripts of a prefix may take over their connection
 * ({@code cgi.prefixes[N].upgrade}, like lighttpd's {@code cgi.upgrade}), and from which
 * pages. Browsers send cookies and cached logins along with cross-site WebSocket
 * handshakes, so a page of another site could speak for its visitor: a browser's request
 * is let through from the page's own origin and the configured ones only.
 *
 * @param allowed whether an upgrade request reaches the script as one
 * @param origins the other origins allowed, as {@code scheme://host[:port]} in lower case
 * without a default port
 */
public record ConnectionUpgrade(boolean allowed, Set<String> origins) {

	/** Plain CGI: no script takes over its connection. */
	public static final ConnectionUpgrade NONE = new ConnectionUpgrade(false, Set.of());

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
		Set<String> clean = new LinkedHashSet<>();
		for (int i = 0; i < origins.size(); i++) {
			String origin = normalized(origins.get(i));
			if (origin == null) {
				throw new InvalidConfigurationException(property + ".origins[" + i + "]", origins.get(i),
						"an origin is a scheme and a host, with a port if not the default, such as https://app.example.org");
			}
			clean.add(origin);
		}
		return new ConnectionUpgrade(allowed, Set.copyOf(clean));
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
	 * Whether the page that sent an upgrade request may open one here: no {@code Origin}
	 * (not a browser), the server's own origin as the request names it, or a configured one.
	 * @param request the upgrade request
	 * @return whether it is let through
	 */
	boolean originAllowed(HttpServletRequest request) {
		String origin = request.getHeader("Origin");
		if (origin == null) {
			return true;
		}
		String normalized = normalized(origin);
		return normalized != null && (normalized.equals(ownOrigin(request)) || this.origins.contains(normalized));
	}

	private static @Nullable String ownOrigin(HttpServletRequest request) {
		return normalized(request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort());
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

	/** {@code scheme://host[:port]}, lower case, default port left out; {@code null} if it is not an origin. */
	private static @Nullable String normalized(@Nullable String origin) {
		if (origin == null) {
			return null;
		}
		try {
			URI uri = new URI(origin.strip());
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
			if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
					|| uri.getRawFragment() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
					|| !(scheme.equals("http") || scheme.equals("https"))) {
				return null;
			}
			int port = uri.getPort();
			boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
					|| (scheme.equals("https") && port == 443);
			return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
