package org.cgiserver.connection;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SlowClientLimitsTests {

	static final long SECOND = Duration.ofSeconds(1).toNanos();

	final SlowClientLimits limits = new SlowClientLimits(Duration.ofSeconds(20), Duration.ofSeconds(20), 500);

	@Test
	void headerIsOverdueOnlyPastItsTimeout() {
		assertThat(this.limits.headerOverdue(20 * SECOND)).isFalse();
		assertThat(this.limits.headerOverdue(20 * SECOND + 1)).isTrue();
	}

	@Test
	void bodyEarnsOneSecondPerMinimumRateOfBytes() {
		// As mod_reqtimeout's body=20,MinRate=500: 20 s, plus 1 s for every 500 bytes.
		assertThat(this.limits.bodyTooSlow(20 * SECOND + 1, 0)).isTrue();
		assertThat(this.limits.bodyTooSlow(20 * SECOND, 0)).isFalse();
		assertThat(this.limits.bodyTooSlow(30 * SECOND, 5_000)).isFalse();
		assertThat(this.limits.bodyTooSlow(30 * SECOND + 1, 5_000)).isTrue();
	}

	@Test
	void zeroSwitchesALimitOff() {
		SlowClientLimits off = new SlowClientLimits(Duration.ZERO, Duration.ofSeconds(20), 0);
		assertThat(off.headerOverdue(3600 * SECOND)).isFalse();
		assertThat(off.bodyTooSlow(3600 * SECOND, 0)).isFalse();
	}

	@Test
	void negativeLimitsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SlowClientLimits(Duration.ofSeconds(-1), Duration.ofSeconds(20), 500));
	}

}
