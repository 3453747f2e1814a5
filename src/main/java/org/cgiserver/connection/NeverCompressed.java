package org.cgiserver.connection;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Responses the container never compresses, whatever {@code server.compression.mime-types}
 * lists: event streams, whose events a compressor would hold back until its buffer fills
 * (and whose reflected data would leak through the compressed size, as in BREACH).
 */
public final class NeverCompressed {

	private static final String EVENT_STREAM = "text/event-stream";

	private NeverCompressed() {
	}

	/**
	 * Whether a response of this type is never compressed.
	 * @param contentType the response's {@code Content-Type}, parameters included
	 * @return whether it stays uncompressed
	 */
	public static boolean type(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		int parameters = contentType.indexOf(';');
		String type = (parameters >= 0) ? contentType.substring(0, parameters) : contentType;
		return type.strip().toLowerCase(Locale.ROOT).equals(EVENT_STREAM);
	}

}
