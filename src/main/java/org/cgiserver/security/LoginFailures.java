package org.cgiserver.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Failed logins per client address: an address with too many failures within a window
 * is blocked for a while, which makes guessing passwords slow.
 */
public final class LoginFailures {

	/**
	 * Most addresses tracked at once: a crowd of addresses costs bounded memory (each of
	 * them is still limited once tracked).
	 */
	private static final int MAX_TRACKED = 10_000;

	private final Limits limits;

	private final Clock clock;

	private final Map<String, Address> addresses = new ConcurrentHashMap<>();

	private final AtomicLong total = new AtomicLong();

	LoginFailures(Limits limits, Clock clock) {
		this.limits = limits;
		this.clock = clock;
	}

	/**
	 * How long an address is still blocked.
	 * @param address the client address
	 * @return the time left, or {@code null} when it is not blocked
	 */
	@Nullable Duration blockedFor(String address) {
		Address state = this.addresses.get(address);
		if (state == null) {
			return null;
		}
		Instant now = this.clock.instant();
		synchronized (state) {
			return (state.blockedUntil != null && now.isBefore(state.blockedUntil))
					? Duration.between(now, state.blockedUntil) : null;
		}
	}

	/**
	 * Counts a failed login.
	 * @param address the client address
	 * @return the failures of the address within the window, and whether this one
	 * blocked it
	 */
	Failure record(String address) {
		this.total.incrementAndGet();
		if (this.limits.maxFailures() == 0) {
			return new Failure(1, false);
		}
		Instant now = this.clock.instant();
		if (this.addresses.size() >= MAX_TRACKED) {
			forgetQuiet(now);
		}
		Address state = this.addresses.computeIfAbsent(address, (key) -> new Address());
		synchronized (state) {
			Instant windowStart = now.minus(this.limits.window());
			while (!state.failures.isEmpty() && !state.failures.peekFirst().isAfter(windowStart)) {
				state.failures.removeFirst();
			}
			state.failures.addLast(now);
			boolean blocksNow = state.failures.size() >= this.limits.maxFailures()
					&& (state.blockedUntil == null || !now.isBefore(state.blockedUntil));
			if (blocksNow) {
				state.blockedUntil = now.plus(this.limits.block());
				state.failures.clear();
				return new Failure(this.limits.maxFailures(), true);
			}
			return new Failure(state.failures.size(), false);
		}
	}

	private void forgetQuiet(Instant now) {
		Instant windowStart = now.minus(this.limits.window());
		this.addresses.values().removeIf((state) -> {
			synchronized (state) {
				boolean blocked = state.blockedUntil != null && now.isBefore(state.blockedUntil);
				boolean recent = !state.failures.isEmpty() && state.failures.peekLast().isAfter(windowStart);
				return !blocked && !recent;
			}
		});
	}

	/**
	 * Every failed login since the start.
	 * @return the count
	 */
	public long total() {
		return this.total.get();
	}

	/**
	 * The addresses blocked now, the longest blocked first.
	 * @return the blocked addresses
	 */
	public List<BlockedAddress> blocked() {
		Instant now = this.clock.instant();
		return this.addresses.entrySet().stream().map((entry) -> {
			synchronized (entry.getValue()) {
				Instant until = entry.getValue().blockedUntil;
				return (until != null && now.isBefore(until)) ? new BlockedAddress(entry.getKey(), until) : null;
			}
		}).filter((blocked) -> blocked != null).sorted(Comparator.comparing(BlockedAddress::until).reversed()).toList();
	}

	/**
	 * How many addresses are tracked now: bounded, whatever the crowd.
	 * @return the count
	 */
	int tracked() {
		return this.addresses.size();
	}

	Limits limits() {
		return this.limits;
	}

	/**
	 * When an address is blocked.
	 *
	 * @param maxFailures failures within the window that block an address; 0 never blocks
	 * @param window the time over which failures count
	 * @param block how long a blocked address stays blocked
	 */
	record Limits(int maxFailures, Duration window, Duration block) {
	}

	/**
	 * What one failed login amounted to.
	 *
	 * @param count the address's failures within the window, this one included
	 * @param blocksAddress whether this failure blocked the address
	 */
	record Failure(int count, boolean blocksAddress) {
	}

	/**
	 * A client address that is blocked.
	 *
	 * @param address the address
	 * @param until when the block ends
	 */
	public record BlockedAddress(String address, Instant until) {
	}

	private static final class Address {

		private final Deque<Instant> failures = new ArrayDeque<>();

		private @Nullable Instant blockedUntil;

	}

}
