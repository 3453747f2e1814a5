package org.cgiserver.tls;

import java.util.Locale;

import org.cgiserver.paths.RawPaths;

/**
 * What the plain HTTP port does with a request: it answers an ACME challenge, sends the
 * client to HTTPS, or refuses a path it cannot send there.
 *
 * <p>A challenge is only a request whose path, as the client sent it, is exactly the path
 * the container decoded, normalized and mapped, and names one token: nothing that the
 * container would clean (a dot segment, {@code ..;}, {@code %2e}, a doubled slash, a
 * {@code ;param}) can turn a challenge path into the path of another file or script. Any
 * other request goes to its clean path on HTTPS, where the access rules ask for a login,
 * so a path that never reached the container unchanged is never echoed back either. A
 * path with an encoded slash or backslash (which the container refuses unless told
 * otherwise) has no clean form that means the same, and is refused.
 *
 * @param kind what to do
 * @param target the token of a challenge, the clean path (with the context path, encoded)
 * of a redirect, or empty for a refusal
 */
record PlainHttpAnswer(Kind kind, String target) {

	/**
	 * RFC 8555 section 8.3: a token is base64url, without padding. A file that certbot's
	 * webroot plugin writes has such a name too.
	 */
	private static final String TOKEN_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final PlainHttpAnswer REFUSE = new PlainHttpAnswer(Kind.REFUSE, "");

	/**
	 * Decides a request on the plain port.
	 * @param method the request method
	 * @param rawPath the path as the client sent it, still encoded
	 * ({@code getRequestURI()} before any wrapper)
	 * @param contextPath the context path
	 * @param decodedPath the decoded, normalized path within the application that the
	 * container mapped
	 * @return what to do
	 */
	static PlainHttpAnswer of(String method, String rawPath, String contextPath, String decodedPath) {
		if (!rawPath.startsWith("/") || hasEncodedSeparator(rawPath)) {
			return REFUSE;
		}
		if (isChallengeMethod(method) && rawPath.equals(contextPath + decodedPath)
				&& decodedPath.startsWith(AcmeChallenges.PATH)) {
			String token = decodedPath.substring(AcmeChallenges.PATH.length());
			if (isToken(token)) {
				return new PlainHttpAnswer(Kind.CHALLENGE, token);
			}
		}
		return new PlainHttpAnswer(Kind.REDIRECT, contextPath + RawPaths.encode(decodedPath));
	}

	/** The CA fetches a challenge with GET (RFC 8555 section 8.3); HEAD is the same fetch. */
	private static boolean isChallengeMethod(String method) {
		return "GET".equals(method) || "HEAD".equals(method);
	}

	private static boolean hasEncodedSeparator(String rawPath) {
		String lower = rawPath.toLowerCase(Locale.ROOT);
		return lower.contains("%2f") || lower.contains("%5c") || rawPath.contains("\\");
	}

	static boolean isToken(String token) {
		if (token.isEmpty()) {
			return false;
		}
		for (int i = 0; i < token.length(); i++) {
			if (TOKEN_CHARACTERS.indexOf(token.charAt(i)) < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * What the plain port does.
	 */
	enum Kind {

		/** Answer the ACME challenge named by the target, without any login. */
		CHALLENGE,

		/** {@code 308} to the target on HTTPS. */
		REDIRECT,

		/** {@code 400}: the path has no clean form to send to HTTPS. */
		REFUSE

	}

}
