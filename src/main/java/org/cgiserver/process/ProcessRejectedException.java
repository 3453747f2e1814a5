package org.cgiserver.process;

import java.time.Duration;

/**
 * No slot for another script became free within the queue timeout.
 */
public final class ProcessRejectedException extends Exception {

	private final Duration retryAfter;

	ProcessRejectedException(int maxConcurrent, Duration retryAfter) {
		super("All " + maxConcurrent + " script slots are busy");
		this.retryAfter = retryAfter;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
