package org.cgiserver.security;

import java.time.Duration;
import java.time.Instant;

import org.cgiserver.support.MovingClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginFailuresTests {

	private final MovingClock clock = new MovingClock(Instant.parse("2026-11-23T12:00:00Z"));

	private final LoginFailures failures = new LoginFailures(
			new LoginFailures.Limits(3, Duration.ofMinutes(1), Duration.ofMinutes(5)), this.clock);

	@Test
	void anAddressIsBlockedAtTheLimitWithinTheWindow() {
		assertThat(this.failures.record("192.0.2.1").blocksAddress()).isFalse();
		assertThat(this.failures.record("192.0.2.1").blocksAddress()).isFalse();
		assertThat(this.failures.blockedFor("192.0.2.1")).isNull();
		assertThat(this.failures.record("192.0.2.1").blocksAddress()).isTrue();
		assertThat(this.failures.blockedFor("192.0.2.1")).isEqualTo(Duration.ofMinutes(5));
		assertThat(this.failures.blockedFor("192.0.2.2")).isNull();
		assertThat(this.failures.blocked()).extracting(LoginFailures.BlockedAddress::address).containsExactly("192.0.2.1");
		assertThat(this.failures.total()).isEqualTo(3);
	}

	@Test
	void failuresOlderThanTheWindowDoNotCount() {
		this.failures.record("192.0.2.1");
		this.failures.record("192.0.2.1");
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(this.failures.record("192.0.2.1")).isEqualTo(new LoginFailures.Failure(1, false));
		assertThat(this.failures.blockedFor("192.0.2.1")).isNull();
	}

	@Test
	void aBlockEnds() {
		for (int i = 0; i < 3; i++) {
			this.failures.record("192.0.2.1");
		}
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.failures.blockedFor("192.0.2.1")).isEqualTo(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.failures.blockedFor("192.0.2.1")).isNull();
		assertThat(this.failures.blocked()).isEmpty();
	}

	@Test
	void zeroMaxFailuresNeverBlocks() {
		LoginFailures counting = new LoginFailures(new LoginFailures.Limits(0, Duration.ofMinutes(1),
				Duration.ofMinutes(5)), this.clock);
		for (int i = 0; i < 100; i++) {
			counting.record("192.0.2.1");
		}
		assertThat(counting.blockedFor("192.0.2.1")).isNull();
		assertThat(counting.total()).isEqualTo(100);
	}

}
