package org.cgiserver.process;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The script slots and the requests waiting for one. A waiter can leave at any time (its
 * client went away, or its wait timed out), and then takes no slot.
 *
 * <p>Waiters are served in order of arrival while the queue moves. Once the oldest has
 * waited longer than {@code newestFirstAfter}, the queue is overloaded: the newest
 * waiter is served first, so that live clients get short waits instead of everyone
 * waiting almost the whole queue timeout (the adaptive LIFO that large services use);
 * the oldest, likely given up by their clients, then time out with 503.
 */
final class AdmissionQueue {

	private final Object lock = new Object();

	private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

	private final long newestFirstAfterNanos;

	private final LongSupplier clock;

	private int free;

	/**
	 * @param slots how many slots there are
	 * @param newestFirstAfterNanos how long the oldest waiter waits before the newest are
	 * served first
	 * @param clock the time in nanoseconds
	 */
	AdmissionQueue(int slots, long newestFirstAfterNanos, LongSupplier clock) {
		this.free = slots;
		this.newestFirstAfterNanos = newestFirstAfterNanos;
		this.clock = clock;
	}

	/**
	 * Asks for a slot.
	 * @return a ticket complete once the slot is granted (at once when one is free)
	 */
	CompletableFuture<Void> request() {
		synchronized (this.lock) {
			if (this.free > 0 && this.waiting.isEmpty()) {
				this.free--;
				return CompletableFuture.completedFuture(null);
			}
			Waiter waiter = new Waiter(new CompletableFuture<>(), this.clock.getAsLong());
			this.waiting.add(waiter);
			return waiter.ticket();
		}
	}

	/**
	 * Leaves the queue.
	 * @param ticket the ticket of the request
	 * @return {@code true} when the request left before it was granted a slot;
	 * {@code false} when it holds one now (and must use or release it)
	 */
	boolean leave(CompletableFuture<Void> ticket) {
		synchronized (this.lock) {
			for (Iterator<Waiter> iterator = this.waiting.iterator(); iterator.hasNext();) {
				if (iterator.next().ticket() == ticket) {
					iterator.remove();
					return true;
				}
			}
			return false;
		}
	}

	/**
	 * Gives a slot back: to a waiter, or to the free slots.
	 */
	void release() {
		Waiter next;
		synchronized (this.lock) {
			next = next();
			if (next == null) {
				this.free++;
				return;
			}
		}
		next.ticket().complete(null);
	}

	private @Nullable Waiter next() {
		Waiter oldest = this.waiting.peekFirst();
		if (oldest == null) {
			return null;
		}
		boolean overloaded = this.clock.getAsLong() - oldest.since() >= this.newestFirstAfterNanos;
		return overloaded ? this.waiting.pollLast() : this.waiting.pollFirst();
	}

	/**
	 * How many requests wait now.
	 * @return the count
	 */
	int waiting() {
		synchronized (this.lock) {
			return this.waiting.size();
		}
	}

	private record Waiter(CompletableFuture<Void> ticket, long since) {
	}

}
