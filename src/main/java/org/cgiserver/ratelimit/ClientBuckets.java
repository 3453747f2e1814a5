package org.cgiserver.ratelimit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * The allowance of each client address under one rate limit: a token bucket per address
 * that holds the rule's requests and refills them over its period, so that a client may
 * spend them in a burst.
 *
 * <p>Memory is bounded: at {@code maxTracked} addresses, those with a full bucket are
 * forgotten first, which loses nothing (a new bucket starts full); if a crowd of
 * addresses that all spent some is still too many, arbitrary ones are forgotten and start
 * again with a full allowance.
 */
final class ClientBuckets {

	/** Most addresses tracked per limit: some megabytes at most, whatever the crowd. */
	static final int MAX_TRACKED = 10_000;

	private final RateLimitRule rule;

	private final TimeMeter time;

	private final int maxTracked;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	ClientBuckets(RateLimitRule rule, TimeMeter time, int maxTracked) {
		this.rule = rule;
		this.time = time;
		this.maxTracked = maxTracked;
	}

	static Bucket bucket(RateLimitRule rule, TimeMeter time) {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(rule.requests()).refillGreedy(rule.requests(), rule.per()))
			.withCustomTimePrecision(time)
			.build();
	}

	/**
	 * Spends one request of an address's allowance.
	 * @param address the client address
	 * @return 0 when the request may pass, else the nanoseconds until it could
	 */
	long take(String address) {
		Bucket bucket = this.buckets.get(address);
		if (bucket == null) {
			if (this.buckets.size() >= this.maxTracked) {
				forgetSome();
			}
			bucket = this.buckets.computeIfAbsent(address, (key) -> bucket(this.rule, this.time));
		}
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
	}

	private void forgetSome() {
		this.buckets.values().removeIf((bucket) -> bucket.getAvailableTokens() >= this.rule.requests());
		// Down to nine tenths, so that the next new addresses do not sweep again at once.
		Iterator<String> addresses = this.buckets.keySet().iterator();
		while (this.buckets.size() > this.maxTracked * 9L / 10 && addresses.hasNext()) {
			addresses.next();
			addresses.remove();
		}
	}

	/**
	 * How many addresses are tracked now.
	 * @return the count
	 */
	int tracked() {
		return this.buckets.size();
	}

}
