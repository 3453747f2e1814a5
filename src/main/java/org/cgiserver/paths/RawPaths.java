package org.cgiserver.paths;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.springframework.web.util.UriUtils;

/**
 * Request paths as the client sent them (still encoded), beside the path the servlet
 * container decoded and normalized.
 */
public final class RawPaths {

	private RawPaths() {
	}

	/**
	 * Whether the container changes the path's segments when it normalizes it: doubled
	 * slashes, segments that are only path parameters ({@code /;x/}), and dot segments,
	 * also encoded ({@code %2e}) or with path parameters ({@code ..;x}).
	 * @param rawPath the path as sent, without the query
	 * @return whether the path is not in its clean form
	 */
	public static boolean needsCleaning(String rawPath) {
		if (!rawPath.startsWith("/")) {
			return false;
		}
		if (rawPath.contains("//") || rawPath.contains("/;")) {
			return true;
		}
		// Every request passes here: most paths are settled without splitting them.
		if (!rawPath.contains("/.") && !rawPath.contains("/%2e") && !rawPath.contains("/%2E")) {
			return false;
		}
		for (String segment : rawPath.substring(1).split("/", -1)) {
			if (isDotSegment(segment)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a path the server sends to itself (a script's local redirect) is mapped as
	 * written: clean, and with no separator a forward would decode ({@code %2F}, {@code %5C})
	 * nor a backslash. The container refuses those in a request, not in a forward.
	 * @param pathAndQuery the path, with its query if any
	 * @return whether the path can be forwarded to as it is
	 */
	public static boolean isForwardable(String pathAndQuery) {
		int query = pathAndQuery.indexOf('?');
		String path = (query >= 0) ? pathAndQuery.substring(0, query) : pathAndQuery;
		String lower = path.toLowerCase(Locale.ROOT);
		return !needsCleaning(path) && !lower.contains("%2f") && !lower.contains("%5c") && !path.contains("\\");
	}

	private static boolean isDotSegment(String segment) {
		int parameters = segment.indexOf(';');
		String name = ((parameters >= 0) ? segment.substring(0, parameters) : segment).toLowerCase(Locale.ROOT)
			.replace("%2e", ".");
		return ".".equals(name) || "..".equals(name);
	}

	/**
	 * Encodes a decoded path for the request line, so that reading it back gives the same
	 * segments: a {@code ;} is encoded too, where a raw one would start path parameters.
	 * @param decodedPath the decoded path, starting with a slash
	 * @return the encoded path
	 */
	public static String encode(String decodedPath) {
		StringBuilder encoded = new StringBuilder(decodedPath.length() + 16);
		String[] segments = decodedPath.split("/", -1);
		for (int i = 1; i < segments.length; i++) {
			encoded.append('/')
				.append(UriUtils.encodePathSegment(segments[i], StandardCharsets.UTF_8).replace(";", "%3B"));
		}
		return (encoded.length() > 0) ? encoded.toString() : "/";
	}

}
