package org.cgiserver.connection;

/**
 * How a request body has arrived so far: the bytes the application has read, and how
 * long it has waited for them. Only time spent waiting counts, so an application that
 * reads late or slowly is not taken for a slow client.
 */
final class BodyProgress {

	private long received;

	private long waitedNanos;

	private long waitingSince = -1;

	synchronized void readStarted(long nanoTime) {
		this.waitingSince = nanoTime;
	}

	synchronized void readEnded(long nanoTime, long bytes) {
		if (this.waitingSince >= 0) {
			this.waitedNanos += nanoTime - this.waitingSince;
			this.waitingSince = -1;
		}
		if (bytes > 0) {
			this.received += bytes;
		}
	}

	/**
	 * Whether the application is waiting for the body and the client has been too slow.
	 * @param limits the limits
	 * @param nanoTime the current time
	 * @return whether the connection is to be closed
	 */
	synchronized boolean tooSlow(SlowClientLimits limits, long nanoTime) {
		if (this.waitingSince < 0) {
			return false;
		}
		return limits.bodyTooSlow(this.waitedNanos + (nanoTime - this.waitingSince), this.received);
	}

}
