package org.cgiserver.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatchedNioProtocolTests {

	private final WatchedNioProtocol protocol = new WatchedNioProtocol();

	@Test
	void theLimitGrowsAndShrinksWithTheSessionsOpenUpToTheirCap() {
		this.protocol.setMaxConnections(600);
		this.protocol.sessionsBesideLimit(1000);
		this.protocol.sessionsOpen(10);
		assertThat(this.protocol.getMaxConnections()).isEqualTo(610);
		assertThat(this.protocol.requestConnections()).isEqualTo(600);
		this.protocol.sessionsOpen(1500);
		assertThat(this.protocol.getMaxConnections()).as("closing sessions beyond the cap").isEqualTo(1600);
		this.protocol.sessionsOpen(3);
		assertThat(this.protocol.getMaxConnections()).isEqualTo(603);
		assertThat(this.protocol.requestConnections()).isEqualTo(600);
	}

	@Test
	void noRoomIsAddedWhereNoPrefixHoldsSessions() {
		this.protocol.setMaxConnections(600);
		this.protocol.sessionsBesideLimit(0);
		this.protocol.sessionsOpen(7);
		assertThat(this.protocol.getMaxConnections()).isEqualTo(600);
		assertThat(this.protocol.requestConnections()).isEqualTo(600);
	}

	@Test
	void aLimitSetByHandIsLeftAsItIs() {
		this.protocol.setMaxConnections(1200);
		this.protocol.sessionsOpen(500);
		assertThat(this.protocol.getMaxConnections()).isEqualTo(1200);
		assertThat(this.protocol.requestConnections()).isNegative();
	}

}
