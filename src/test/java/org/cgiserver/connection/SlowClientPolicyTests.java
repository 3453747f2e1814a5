package org.cgiserver.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cgiserver.connection.SlowClientPolicy.Closing;
import org.cgiserver.connection.SlowClientPolicy.Observed;
import org.cgiserver.connection.SlowClientPolicy.Phase;
import org.cgiserver.connection.SlowClientPolicy.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowClientPolicyTests {

	static final long SECOND = Duration.ofSeconds(1).toNanos();

	static final long NOW = 1_000 * SECOND;

	final SlowClientPolicy policy = new SlowClientPolicy(
			new SlowClientLimits(Duration.ofSeconds(20), Duration.ofSeconds(20), 500));

	@Test
	void headerPastTheDeadlineIsClosedAndOneWithinItIsNot() {
		List<Closing<String>> closing = this.policy.judge(List.of(header("late", NOW - 21 * SECOND),
				header("in time", NOW - 19 * SECOND)), NOW, 1000);
		assertThat(closing).containsExactly(new Closing<>("late", Reason.HEADER_OVERDUE));
	}

	@Test
	void bodyBelowTheMinimumRateIsClosed() {
		BodyProgress slow = waitingBody(30 * SECOND, 4_000);
		BodyProgress fast = waitingBody(30 * SECOND, 6_000);
		List<Closing<String>> closing = this.policy.judge(
				List.of(new Observed<>("slow", Phase.BODY, NOW - 30 * SECOND, slow),
						new Observed<>("fast", Phase.BODY, NOW - 30 * SECOND, fast)),
				NOW, 1000);
		assertThat(closing).containsExactly(new Closing<>("slow", Reason.BODY_TOO_SLOW));
	}

	@Test
	void idleAndOtherConnectionsAreLeftAloneBelowTheHighWater() {
		List<Observed<String>> connections = new ArrayList<>();
		// 75 of 100: at the high water, not above it.
		for (int i = 0; i < 74; i++) {
			connections.add(new Observed<>("idle " + i, Phase.IDLE, NOW - 3600 * SECOND, null));
		}
		connections.add(new Observed<>("upgraded", Phase.OTHER, NOW - 3600 * SECOND, null));
		assertThat(this.policy.judge(connections, NOW, 100)).isEmpty();
	}

	@Test
	void crowdIsThinnedToHalfTheLimitOldestWaitingFirst() {
		List<Observed<String>> connections = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			connections.add(header("header " + i, NOW - i * SECOND / 10));
		}
		for (int i = 0; i < 30; i++) {
			connections.add(new Observed<>("served " + i, Phase.BODY, NOW - 3600 * SECOND, null));
		}
		connections.add(new Observed<>("idle", Phase.IDLE, NOW - 10 * SECOND, null));
		List<Closing<String>> closing = this.policy.judge(connections, NOW, 100);
		// 91 open, 76 is the high water: down to 50, taking none of those being served.
		assertThat(closing).hasSize(41).allSatisfy((close) -> assertThat(close.reason()).isEqualTo(Reason.CROWDED));
		assertThat(closing).extracting(Closing::key)
			.contains("idle", "header 59", "header 20")
			.doesNotContain("header 19", "served 0");
	}

	@Test
	void connectionsIdleForAMomentAreNotClosedToMakeRoom() {
		List<Observed<String>> connections = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			connections.add(new Observed<>("new " + i, Phase.IDLE, NOW - SECOND / 10, null));
		}
		for (int i = 0; i < 30; i++) {
			connections.add(header("header " + i, NOW - SECOND / 100));
		}
		List<Closing<String>> closing = this.policy.judge(connections, NOW, 100);
		// Accepted but not read yet: each may hold a whole request; the headers go first,
		// even those that started later.
		assertThat(closing).extracting(Closing::key).hasSize(30).allSatisfy((key) -> assertThat(key).startsWith("header"));
		connections.replaceAll((connection) -> (connection.phase() == Phase.IDLE)
				? new Observed<>(connection.key(), Phase.IDLE, NOW - SECOND, null) : connection);
		assertThat(this.policy.judge(connections, NOW, 100)).hasSize(40);
	}

	@Test
	void connectionsAlreadyClosingAreNotCountedAsStaying() {
		List<Observed<String>> connections = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			connections.add(new Observed<>("closing " + i, Phase.CLOSING, NOW, null));
		}
		for (int i = 0; i < 70; i++) {
			connections.add(header("header " + i, NOW - SECOND));
		}
		assertThat(this.policy.judge(connections, NOW, 100)).isEmpty();
	}

	@Test
	void sessionsAreNotCountedAgainstTheRoomForRequests() {
		List<Observed<String>> connections = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			connections.add(new Observed<>("session " + i, Phase.SESSION, NOW - 3600 * SECOND, null));
		}
		for (int i = 0; i < 70; i++) {
			connections.add(header("header " + i, NOW - SECOND));
		}
		assertThat(this.policy.judge(connections, NOW, 100)).isEmpty();
		for (int i = 70; i < 76; i++) {
			connections.add(header("header " + i, NOW - SECOND));
		}
		List<Closing<String>> closing = this.policy.judge(connections, NOW, 100);
		// 76 requests, 75 the high water of 100: down to 50.
		assertThat(closing).hasSize(26).noneSatisfy((close) -> assertThat(close.key()).startsWith("session"));
	}

	@Test
	void roomForRequestsIsTheirBudgetOrWhatSessionsLeaveOfTheLimit() {
		assertThat(SlowClientPolicy.requestRoom(1609, 609, 0)).isEqualTo(609);
		assertThat(SlowClientPolicy.requestRoom(1609, 609, 1000)).isEqualTo(609);
		assertThat(SlowClientPolicy.requestRoom(1609, 609, 1200)).isEqualTo(409);
		assertThat(SlowClientPolicy.requestRoom(1200, -1, 1000)).as("a limit set by hand").isEqualTo(200);
		assertThat(SlowClientPolicy.requestRoom(1200, -1, 1300)).isZero();
		assertThat(SlowClientPolicy.requestRoom(-1, 609, 10)).as("no limit").isNegative();
	}

	@Test
	void noLimitMeansNoCrowding() {
		List<Observed<String>> connections = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			connections.add(header("header " + i, NOW - SECOND));
		}
		assertThat(this.policy.judge(connections, NOW, -1)).isEmpty();
	}

	private static Observed<String> header(String key, long since) {
		return new Observed<>(key, Phase.HEADER, since, null);
	}

	private static BodyProgress waitingBody(long waitedNanos, long received) {
		BodyProgress progress = new BodyProgress();
		progress.readStarted(NOW - waitedNanos);
		progress.readEnded(NOW - 1, received);
		progress.readStarted(NOW - 1);
		return progress;
	}

}
