package org.cgiserver.cgi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.cgiserver.config.InvalidConfigurationException;

/**
 * The one rule for which pages may open a conversation with a script (a WebSocket
 * session, or a connection a script takes over): browsers send a site's cookies and
 * cached logins along with a cross-site handshake, so a page of another site could speak
 * for its visitor. A request without {@code Origin} (not a browser) passes; a browser's
 * passes from the server's own origin, as the request names it, and from the configured
 * ones.
 *
 * @param any whether every origin is allowed ({@code *})
 * @param others the other origins allowed, as {@code scheme://host[:port]} in lower case
 * without a default port
 */
public record PageOrigins(boolean any, Set<String> others) {

	/** The server's own origin only. */
	public static final PageOrigins OWN = new PageOrigins(false, Set.of());

	/**
	 * Checks configured origins.
	 * @param configured the origins as configured
	 * @param property the property that lists them, for errors
	 * @param anyAllowed whether {@code *} may stand for every origin
	 * @return the origins
	 * @throws InvalidConfigurationException when one can never match a browser's
	 */
	public static PageOrigins of(List<String> configured, String property, boolean anyAllowed) {
		Set<String> others = new LinkedHashSet<>();
		for (int i = 0; i < configured.size(); i++) {
			String value = configured.get(i);
			if (anyAllowed && "*".equals(value.strip())) {
				return new PageOrigins(true, Set.of());
			}
			String origin = normalized(value);
			if (origin == null) {
				throw new InvalidConfigurationException(property + "[" + i + "]", value,
						"an origin is a scheme and a host, with a port if not the default, such as https://app.example.org"
								+ (anyAllowed ? ", or * for every one" : ""));
			}
			others.add(origin);
		}
		return new PageOrigins(false, Set.copyOf(others));
	}

	/**
	 * Whether the page that sent a request may open a conversation here.
	 * @param request the handshake or upgrade request
	 * @return whether it is let through
	 */
	public boolean allow(HttpServletRequest request) {
		String origin = request.getHeader("Origin");
		if (origin == null || this.any) {
			return true;
		}
		String normalized = normalized(origin);
		return normalized != null && (normalized.equals(ownOrigin(request)) || this.others.contains(normalized));
	}

	private static @Nullable String ownOrigin(HttpServletRequest request) {
		return normalized(request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort());
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
