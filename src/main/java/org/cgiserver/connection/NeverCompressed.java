package org.cgiserver.connection;

import org.jspecify.annotations.Nullable;

import org.cgiserver.text.EventStreamType;

/**
 * Responses the container never compresses, whatever {@code server.compression.mime-types}
 * lists: event streams, whose events a compressor would hold back until its buffer fills
 * (and whose reflected data would leak through the compressed size, as in BREACH).
 */
public final class NeverCompressed {

	private NeverCompressed() {
	}

	/**
	 * Whether a response of this type is never compressed.
	 * @param contentType the response's {@code Content-Type}, parameters included
	 * @return whether it stays uncompressed
	 */
	public static boolean type(@Nullable String contentType) {
		return EventStreamType.matches(contentType);
	}

}
