package org.cgiserver.process;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap of conversations, runs that hold their client for as long as both ends want
 * ({@code cgi.websocket.max-sessions}): a script's WebSocket session, and a script that
 * took over its connection. They are counted apart from {@code cgi.max-concurrent}, whose
 * slots are for short requests, and share this one cap.
 */
public final class SessionSlots {

	private final int max;

	private final AtomicInteger taken = new AtomicInteger();

	/**
	 * @param max the most conversations at once
	 */
	public SessionSlots(int max) {
		this.max = max;
	}

	/**
	 * Takes a slot for a conversation about to begin.
	 * @return whether one was free
	 */
	public boolean tryTake() {
		while (true) {
			int now = this.taken.get();
			if (now >= this.max) {
				return false;
			}
			if (this.taken.compareAndSet(now, now + 1)) {
				return true;
			}
		}
	}

	/** Gives back a slot, once its conversation has ended or did not begin. */
	public void release() {
		this.taken.decrementAndGet();
	}

	/**
	 * The most conversations at once.
	 * @return the cap
	 */
	public int max() {
		return this.max;
	}

	/**
	 * How many slots are taken now.
	 * @return the count
	 */
	public int taken() {
		return this.taken.get();
	}

}
