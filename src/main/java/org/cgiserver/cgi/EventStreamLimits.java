package org.cgiserver.cgi;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.cgiserver.config.Require;

/**
 * The limits of a script that answers with Server-Sent Events, in place of its
 * wall-clock and idle limits once it has sent its headers.
 *
 * @param maxDuration the longest time the run may take, from its start
 * @param idleTimeout the longest time it may write nothing
 */
public record EventStreamLimits(Duration maxDuration, Duration idleTimeout) {

	/**
	 * Checks configured limits, each of which must be positive.
	 * @param property the property that holds them, such as {@code cgi.event-stream}
	 * @param maxDuration the configured maximum duration
	 * @param idleTimeout the configured idle limit
	 * @return the limits
	 */
	static EventStreamLimits of(String property, Duration maxDuration, Duration idleTimeout) {
		return new EventStreamLimits(Require.positive(property + ".max-duration", maxDuration),
				Require.positive(property + ".idle-timeout", idleTimeout));
	}

	/**
	 * These limits, with the ones a prefix sets in their place.
	 * @param property the prefix's property, such as {@code cgi.prefixes[0].event-stream}
	 * @param maxDuration the prefix's maximum duration, or {@code null}
	 * @param idleTimeout the prefix's idle limit, or {@code null}
	 * @return the limits under the prefix
	 */
	EventStreamLimits overriddenBy(String property, @Nullable Duration maxDuration, @Nullable Duration idleTimeout) {
		return of(property, (maxDuration != null) ? maxDuration : this.maxDuration,
				(idleTimeout != null) ? idleTimeout : this.idleTimeout);
	}

}
