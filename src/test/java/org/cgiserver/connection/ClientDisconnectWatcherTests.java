package org.cgiserver.connection;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientDisconnectWatcherTests {

	static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue\n";

	static final ClientConnection CLIENT = new ClientConnection("127.0.0.1", 51690, 18080);

	final AtomicReference<String> table = new AtomicReference<>(HEADER);

	final AtomicInteger disconnects = new AtomicInteger();

	final ClientDisconnectWatcher watcher = new ClientDisconnectWatcher(this.table::get, Duration.ZERO);

	@AfterEach
	void close() {
		this.watcher.close();
	}

	static String row(String state) {
		return HEADER + "   0: 0100007F:46A0 0100007F:C9EA " + state + " 00000000:00000000\n";
	}

	@Test
	void openConnectionIsLeftAlone() {
		this.watcher.watch(CLIENT, this.disconnects::incrementAndGet);
		this.table.set(row("01"));
		this.watcher.check();
		this.watcher.check();
		assertThat(this.disconnects).hasValue(0);
	}

	@Test
	void clientThatClosedItsSideIsReportedOnce() {
		this.watcher.watch(CLIENT, this.disconnects::incrementAndGet);
		this.table.set(row("08"));
		this.watcher.check();
		this.watcher.check();
		assertThat(this.disconnects).hasValue(1);
	}

	@Test
	void connectionThatVanishesAfterBeingSeenIsReported() {
		this.watcher.watch(CLIENT, this.disconnects::incrementAndGet);
		this.table.set(row("01"));
		this.watcher.check();
		this.table.set(HEADER);
		this.watcher.check();
		assertThat(this.disconnects).hasValue(1);
	}

	@Test
	void connectionNeverFoundIsNotTakenForGone() {
		this.watcher.watch(CLIENT, this.disconnects::incrementAndGet);
		this.watcher.check();
		this.watcher.check();
		assertThat(this.disconnects).hasValue(0);
	}

	@Test
	void closedWatchIsNotReported() {
		this.watcher.watch(CLIENT, this.disconnects::incrementAndGet).close();
		this.table.set(row("08"));
		this.watcher.check();
		assertThat(this.disconnects).hasValue(0);
	}

}
