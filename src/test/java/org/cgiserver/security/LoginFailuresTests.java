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
			assertThat(counting.record("192.0.2.1")).isEqualTo(new LoginFailures.Failure(1, false));
		}
		assertThat(counting.blockedFor("192.0.2.1")).isNull();
		assertThat(counting.total()).isEqualTo(100);
	}

	@Test
	void aFailureExactlyAWindowOldNoLongerCounts() {
		this.failures.record("192.0.2.1");
		this.clock.advance(Duration.ofSeconds(30));
		this.failures.record("192.0.2.1");
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.failures.record("192.0.2.1")).isEqualTo(new LoginFailures.Failure(2, false));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.failures.record("192.0.2.1")).isEqualTo(new LoginFailures.Failure(3, true));
	}

	@Test
	void failuresWhileBlockedDoNotProlongTheBlockButCountForTheNext() {
		block("192.0.2.1");
		this.clock.advance(Duration.ofSeconds(270));
		assertThat(this.failures.record("192.0.2.1")).isEqualTo(new LoginFailures.Failure(1, false));
		assertThat(this.failures.record("192.0.2.1")).isEqualTo(new LoginFailures.Failure(2, false));
		assertThat(this.failures.record("192.0.2.1")).isEqualTo(new LoginFailures.Failure(3, false));
		assertThat(this.failures.blockedFor("192.0.2.1")).isEqualTo(Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(30));
		// The block has ended: the failures within the window block again at the next one.
		assertThat(this.failures.blockedFor("192.0.2.1")).isNull();
		assertThat(this.failures.record("192.0.2.1")).isEqualTo(new LoginFailures.Failure(3, true));
		assertThat(this.failures.blockedFor("192.0.2.1")).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void theFailuresThatBlockedDoNotCountAfterTheBlock() {
		LoginFailures longWindow = new LoginFailures(new LoginFailures.Limits(3, Duration.ofMinutes(10),
				Duration.ofMinutes(1)), this.clock);
		for (int i = 0; i < 3; i++) {
			longWindow.record("192.0.2.1");
		}
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(longWindow.blockedFor("192.0.2.1")).isNull();
		assertThat(longWindow.record("192.0.2.1")).isEqualTo(new LoginFailures.Failure(1, false));
	}

	@Test
	void theLongestBlockedAddressComesFirst() {
		block("192.0.2.1");
		this.clock.advance(Duration.ofMinutes(1));
		block("192.0.2.2");
		this.clock.advance(Duration.ofMinutes(1));
		this.failures.record("192.0.2.3");
		block("192.0.2.4");
		assertThat(this.failures.blocked()).containsExactly(
				new LoginFailures.BlockedAddress("192.0.2.4", Instant.parse("2026-11-23T12:07:00Z")),
				new LoginFailures.BlockedAddress("192.0.2.2", Instant.parse("2026-11-23T12:06:00Z")),
				new LoginFailures.BlockedAddress("192.0.2.1", Instant.parse("2026-11-23T12:05:00Z")));
		assertThat(this.failures.total()).isEqualTo(10);
		assertThat(this.failures.limits()).isEqualTo(new LoginFailures.Limits(3, Duration.ofMinutes(1),
				Duration.ofMinutes(5)));
	}

	@Test
	void aCrowdOfAddressesForgetsOnlyTheQuietOnes() {
		block("192.0.2.1");
		this.failures.record("192.0.2.2");
		for (int i = 0; i < 9_996; i++) {
			this.failures.record("10.0." + (i / 256) + "." + (i % 256));
		}
		this.clock.advance(Duration.ofMinutes(2));
		this.failures.record("192.0.2.3");
		this.failures.record("192.0.2.3");
		this.failures.record("192.0.2.4");
		assertThat(this.failures.tracked()).isEqualTo(10_000);
		// At the most tracked, the next address forgets those neither blocked nor failing
		// within the window.
		this.failures.record("198.51.100.1");
		assertThat(this.failures.tracked()).isEqualTo(4);
		assertThat(this.failures.blockedFor("192.0.2.1")).isEqualTo(Duration.ofMinutes(3));
		assertThat(this.failures.record("192.0.2.3")).isEqualTo(new LoginFailures.Failure(3, true));
		assertThat(this.failures.record("192.0.2.4")).isEqualTo(new LoginFailures.Failure(2, false));
		assertThat(this.failures.total()).isEqualTo(10_006);
	}

	@Test
	void belowTheMostTrackedNothingIsForgotten() {
		for (int i = 0; i < 9_999; i++) {
			this.failures.record("10.0." + (i / 256) + "." + (i % 256));
		}
		this.clock.advance(Duration.ofMinutes(2));
		this.failures.record("192.0.2.1");
		assertThat(this.failures.tracked()).isEqualTo(10_000);
	}

	private void block(String address) {
		for (int i = 0; i < 3; i++) {
			this.failures.record(address);
		}
	}

}
