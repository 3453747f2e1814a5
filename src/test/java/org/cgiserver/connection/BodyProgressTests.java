package org.cgiserver.connection;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BodyProgressTests {

	static final long SECOND = Duration.ofSeconds(1).toNanos();

	final SlowClientLimits limits = new SlowClientLimits(Duration.ofSeconds(20), Duration.ofSeconds(2), 500);

	final BodyProgress progress = new BodyProgress();

	@Test
	void onlyTimeSpentWaitingInReadsCounts() {
		this.progress.readStarted(0);
		this.progress.readEnded(SECOND, 100);
		// The application reads nothing for a minute: not the client's fault.
		assertThat(this.progress.tooSlow(this.limits, 61 * SECOND)).isFalse();
		this.progress.readStarted(61 * SECOND);
		assertThat(this.progress.tooSlow(this.limits, 62 * SECOND)).isFalse();
		assertThat(this.progress.tooSlow(this.limits, 62 * SECOND + SECOND / 2)).isTrue();
	}

	@Test
	void bytesReceivedEarnTime() {
		this.progress.readStarted(0);
		this.progress.readEnded(2 * SECOND, 1_000);
		this.progress.readStarted(2 * SECOND);
		// Waited 3 s; 2 s plus 1,000 bytes at 500 B/s allow 4 s.
		assertThat(this.progress.tooSlow(this.limits, 3 * SECOND)).isFalse();
		assertThat(this.progress.tooSlow(this.limits, 4 * SECOND + 1)).isTrue();
	}

}
