package org.cgiserver.process;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Script slots and their queue: in order while it moves, newest first once overloaded,
 * and waiters that leave take no slot.
 */
class AdmissionQueueTests {

	private final AtomicLong now = new AtomicLong();

	private final AdmissionQueue queue = new AdmissionQueue(1, 1000, this.now::get);

	@Test
	void aFreeSlotIsGrantedAtOnce() {
		assertThat(this.queue.request()).isCompleted();
		assertThat(this.queue.request()).isNotDone();
	}

	@Test
	void waitersAreServedInOrderWhileTheQueueMoves() {
		this.queue.request();
		CompletableFuture<Void> first = this.queue.request();
		CompletableFuture<Void> second = this.queue.request();
		this.queue.release();
		assertThat(first).isCompleted();
		assertThat(second).isNotDone();
	}

	@Test
	void theNewestWaiterIsServedFirstOnceTheOldestHasWaitedTooLong() {
		this.queue.request();
		CompletableFuture<Void> oldest = this.queue.request();
		this.now.addAndGet(600);
		CompletableFuture<Void> newest = this.queue.request();
		this.now.addAndGet(600);
		this.queue.release();
		assertThat(newest).isCompleted();
		assertThat(oldest).isNotDone();
	}

	@Test
	void aWaiterThatLeftTakesNoSlot() {
		this.queue.request();
		CompletableFuture<Void> gone = this.queue.request();
		CompletableFuture<Void> next = this.queue.request();
		assertThat(this.queue.leave(gone)).isTrue();
		this.queue.release();
		assertThat(gone).isNotDone();
		assertThat(next).isCompleted();
		assertThat(this.queue.waiting()).isZero();
	}

	@Test
	void aWaiterGrantedBeforeItCouldLeaveHoldsTheSlot() {
		this.queue.request();
		CompletableFuture<Void> late = this.queue.request();
		this.queue.release();
		assertThat(this.queue.leave(late)).isFalse();
		assertThat(late).isCompleted();
	}

	@Test
	void releasedSlotsWithNobodyWaitingAreFree() {
		this.queue.request();
		this.queue.release();
		assertThat(this.queue.request()).isCompleted();
	}

	@Test
	void nobodyJumpsAheadOfWaiters() {
		AdmissionQueue two = new AdmissionQueue(1, 1000, this.now::get);
		two.request();
		CompletableFuture<Void> waiter = two.request();
		two.release();
		assertThat(waiter).isCompleted();
		assertThat(two.request()).isNotDone();
	}

}
