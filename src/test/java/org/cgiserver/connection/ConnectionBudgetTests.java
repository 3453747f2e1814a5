package org.cgiserver.connection;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionBudgetTests {

	@Test
	void connectionsTakeAtMostAQuarterOfTheHeap() {
		long heap = DataSize.ofMegabytes(124).toBytes();
		int connections = ConnectionBudget.maxConnections(heap);
		assertThat(connections).isBetween(550, 650);
		assertThat(connections * ConnectionBudget.BYTES_PER_CONNECTION).isLessThanOrEqualTo(heap / 4);
	}

	@Test
	void aLargeHeapKeepsTomcatsDefaultLimit() {
		assertThat(ConnectionBudget.maxConnections(DataSize.ofGigabytes(4).toBytes())).isEqualTo(8192);
	}

	@Test
	void aTinyHeapStillTakesSomeConnections() {
		assertThat(ConnectionBudget.maxConnections(DataSize.ofMegabytes(2).toBytes())).isEqualTo(100);
	}

}
