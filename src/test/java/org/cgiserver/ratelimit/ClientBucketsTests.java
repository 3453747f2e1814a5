package org.cgiserver.ratelimit;

import java.time.Duration;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allowance of each client address: a burst up to the limit, a refill over the
 * period, and bounded memory whatever the crowd.
 */
class ClientBucketsTests {

	private final ManualTime time = new ManualTime();

	private final RateLimitRule twentyAMinute = new RateLimitRule(PathPatternParser.defaultInstance.parse("/cgit/**"),
			20, Duration.ofMinutes(1));

	@Test
	void aClientMaySpendItsAllowanceAtOnceThenWaitsForTheNextRequest() {
		ClientBuckets buckets = new ClientBuckets(this.twentyAMinute, this.time, 100);
		for (int i = 0; i < 20; i++) {
			assertThat(buckets.take("192.0.2.1")).as("request %d", i + 1).isZero();
		}
		// One request comes back every three seconds.
		assertThat(buckets.take("192.0.2.1")).isEqualTo(Duration.ofSeconds(3).toNanos());
		this.time.advance(Duration.ofSeconds(1));
		assertThat(buckets.take("192.0.2.1")).isEqualTo(Duration.ofSeconds(2).toNanos());
		this.time.advance(Duration.ofSeconds(2));
		assertThat(buckets.take("192.0.2.1")).isZero();
		assertThat(buckets.take("192.0.2.1")).isPositive();
	}

	@Test
	void theAllowanceRefillsOverThePeriodAndNoMore() {
		ClientBuckets buckets = new ClientBuckets(this.twentyAMinute, this.time, 100);
		for (int i = 0; i < 20; i++) {
			buckets.take("192.0.2.1");
		}
		this.time.advance(Duration.ofHours(1));
		for (int i = 0; i < 20; i++) {
			assertThat(buckets.take("192.0.2.1")).as("request %d", i + 1).isZero();
		}
		assertThat(buckets.take("192.0.2.1")).isPositive();
	}

	@Test
	void eachAddressHasItsOwnAllowance() {
		ClientBuckets buckets = new ClientBuckets(this.twentyAMinute, this.time, 100);
		for (int i = 0; i < 20; i++) {
			buckets.take("192.0.2.1");
		}
		assertThat(buckets.take("192.0.2.1")).isPositive();
		assertThat(buckets.take("192.0.2.2")).isZero();
		assertThat(buckets.take("2001:db8::1")).isZero();
	}

	@Test
	void aCrowdOfAddressesIsBoundedForgettingFullBucketsFirst() {
		ClientBuckets buckets = new ClientBuckets(this.twentyAMinute, this.time, 100);
		for (int i = 0; i < 20; i++) {
			buckets.take("192.0.2.1");
		}
		for (int i = 0; i < 1000; i++) {
			// Enough for a newcomer's bucket to be full again, and for one request of the spender's.
			this.time.advance(Duration.ofSeconds(3));
			buckets.take("10.0." + (i / 256) + "." + (i % 256));
			assertThat(buckets.tracked()).isLessThanOrEqualTo(100);
			// The client that keeps spending is never forgotten, so it stays limited.
			assertThat(buckets.take("192.0.2.1")).isZero();
			assertThat(buckets.take("192.0.2.1")).isPositive();
		}
	}

	@Test
	void aCrowdThatAllSpendsIsBoundedToo() {
		ClientBuckets buckets = new ClientBuckets(this.twentyAMinute, this.time, 100);
		for (int i = 0; i < 1000; i++) {
			buckets.take("10.0." + (i / 256) + "." + (i % 256));
			assertThat(buckets.tracked()).isLessThanOrEqualTo(100);
		}
	}

	/** A clock the test moves. */
	private static final class ManualTime implements TimeMeter {

		private long nanos;

		void advance(Duration duration) {
			this.nanos += duration.toNanos();
		}

		@Override
		public long currentTimeNanos() {
			return this.nanos;
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

}
