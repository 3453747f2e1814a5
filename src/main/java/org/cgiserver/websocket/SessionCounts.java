package org.cgiserver.websocket;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages and bytes of one session, each way, added to the totals of every session too.
 */
final class SessionCounts {

	private final SessionMetrics totals;

	private final AtomicLong messagesIn = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong();

	private final AtomicLong messagesOut = new AtomicLong();

	private final AtomicLong bytesOut = new AtomicLong();

	SessionCounts(SessionMetrics totals) {
		this.totals = totals;
	}

	void received(long bytes) {
		this.totals.received(bytes);
		this.messagesIn.incrementAndGet();
		this.bytesIn.addAndGet(bytes);
	}

	void sent(long bytes) {
		this.totals.sent(bytes);
		this.messagesOut.incrementAndGet();
		this.bytesOut.addAndGet(bytes);
	}

	long messagesIn() {
		return this.messagesIn.get();
	}

	long bytesIn() {
		return this.bytesIn.get();
	}

	long messagesOut() {
		return this.messagesOut.get();
	}

	long bytesOut() {
		return this.bytesOut.get();
	}

}
