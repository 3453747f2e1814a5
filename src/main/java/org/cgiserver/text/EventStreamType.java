package org.cgiserver.text;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Recognizes the media type of Server-Sent Events, {@code text/event-stream}, which the
 * server never buffers, never compresses and gives limits of its own.
 */
public final class EventStreamType {

	private static final String EVENT_STREAM = "text/event-stream";

	private EventStreamType() {
	}

	/**
	 * Whether a {@code Content-Type} is that of an event stream.
	 * @param contentType the value, parameters included, or {@code null}
	 * @return whether it is {@code text/event-stream}
	 */
	public static boolean matches(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		int parameters = contentType.indexOf(';');
		String type = (parameters >= 0) ? contentType.substring(0, parameters) : contentType;
		return type.strip().toLowerCase(Locale.ROOT).equals(EVENT_STREAM);
	}

}
