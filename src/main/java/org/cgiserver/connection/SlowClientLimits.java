package org.cgiserver.connection;

import java.time.Duration;

/**
 * How slowly a client may send its request, as Apache's mod_reqtimeout: a header must be
 * complete within a deadline; a body may take an initial time, extended by one second for
 * every {@code minBodyRate} bytes received.
 *
 * @param headerTimeout time from a header's first byte to its end; zero means no limit
 * @param bodyTimeout time the server may wait for a body before its rate counts
 * @param minBodyRate bytes per second that extend the body's time by one second; zero
 * means no limit on bodies
 */
record SlowClientLimits(Duration headerTimeout, Duration bodyTimeout, long minBodyRate) {

	private static final long NANOS_PER_SECOND = Duration.ofSeconds(1).toNanos();

	SlowClientLimits {
		if (headerTimeout.isNegative() || bodyTimeout.isNegative() || minBodyRate < 0) {
			throw new IllegalArgumentException("cgi.connections limits must not be negative");
		}
	}

	/**
	 * Whether a header that has been arriving for the given time is overdue.
	 * @param elapsedNanos time since the header's first byte
	 * @return whether its connection is to be closed
	 */
	boolean headerOverdue(long elapsedNanos) {
		return !this.headerTimeout.isZero() && elapsedNanos > this.headerTimeout.toNanos();
	}

	/**
	 * Whether a body arrives too slowly.
	 * @param waitedNanos time the server has waited for the body's bytes
	 * @param received bytes of the body received so far
	 * @return whether its connection is to be closed
	 */
	boolean bodyTooSlow(long waitedNanos, long received) {
		if (this.minBodyRate == 0) {
			return false;
		}
		double earnedNanos = (double) received / this.minBodyRate * NANOS_PER_SECOND;
		return waitedNanos > this.bodyTimeout.toNanos() + earnedNanos;
	}

}
