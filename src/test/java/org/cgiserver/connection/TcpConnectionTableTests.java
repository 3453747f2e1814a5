package org.cgiserver.connection;

import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.cgiserver.connection.TcpConnectionTable.State;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TcpConnectionTableTests {

	// As a little-endian kernel writes them: a listener on 18080, then connections from
	// 127.0.0.1:51686 (closed by the client), 127.0.0.1:51690 (open) and [::1]:40000 (open).
	static final String TCP6 = """
			  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
			   0: 00000000000000000000000000000000:46A0 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 14804146 1 00000000be724ddb 100 0 0 10 0
			   1: 0000000000000000FFFF00000100007F:46A0 0000000000000000FFFF00000100007F:C9E6 08 00000000:00000001 00:00000000 00000000     0        0 14804148 1 00000000b05d55dd 20 4 28 10 -1
			   2: 0000000000000000FFFF00000100007F:46A0 0000000000000000FFFF00000100007F:C9EA 01 00000000:00000000 00:00000000 00000000     0        0 14804149 1 00000000b05d55dd 20 4 28 10 -1
			   3: 00000000000000000000000001000000:46A0 00000000000000000000000001000000:9C40 01 00000000:00000000 00:00000000 00000000     0        0 14804150 1 00000000b05d55dd 20 4 28 10 -1
			""";

	static final String TCP = """
			  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
			   0: 0100007F:46A0 0A00000A:D431 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 20 4 30 10 -1
			""";

	@BeforeAll
	static void littleEndian() {
		assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the samples are from a little-endian kernel");
	}

	@Test
	void findsTheStateOfWantedConnections() {
		ClientConnection closed = new ClientConnection("127.0.0.1", 51686, 18080);
		ClientConnection open = new ClientConnection("127.0.0.1", 51690, 18080);
		ClientConnection ipv6 = new ClientConnection("0:0:0:0:0:0:0:1", 40000, 18080);
		ClientConnection ipv4 = new ClientConnection("10.0.0.10", 54321, 18080);
		Map<ClientConnection, State> states = TcpConnectionTable.states(TCP6 + TCP, Set.of(closed, open, ipv6, ipv4));
		assertThat(states).containsExactlyInAnyOrderEntriesOf(
				Map.of(closed, State.CLOSED, open, State.OPEN, ipv6, State.OPEN, ipv4, State.OPEN));
	}

	@Test
	void samePortsFromAnotherAddressAreNotTheConnection() {
		ClientConnection other = new ClientConnection("192.168.1.5", 51690, 18080);
		assertThat(TcpConnectionTable.states(TCP6, Set.of(other))).isEmpty();
	}

	@Test
	void earlierConnectionOnTheSamePortsIsNotTakenForThisOne() {
		// The client reused its port while the server still lists the old connection.
		String table = """
				  sl  local_address rem_address   st tx_queue rx_queue
				   0: 0100007F:46A0 0100007F:C9EA 01 00000000:00000000
				   1: 0100007F:46A0 0100007F:C9EA 06 00000000:00000000
				""";
		ClientConnection client = new ClientConnection("127.0.0.1", 51690, 18080);
		assertThat(TcpConnectionTable.states(table, Set.of(client))).containsExactly(Map.entry(client, State.OPEN));
	}

	@Test
	void readsAddressesInTheKernelsNotation() {
		assertThat(TcpConnectionTable.address("0100007F")).isEqualTo("127.0.0.1");
		assertThat(TcpConnectionTable.address("0000000000000000FFFF00000100007F")).isEqualTo("127.0.0.1");
		assertThat(TcpConnectionTable.address("B80D0120000000000000000001000000")).isEqualTo("2001:db8:0:0:0:0:0:1");
	}

	@Test
	void connectionListedTwiceCountsAsOpenIfEitherIsOpen() {
		ClientConnection client = new ClientConnection("127.0.0.1", 51690, 18080);
		String openFirst = """
				  sl  local_address rem_address   st
				   0: 0100007F:46A0 0100007F:C9EA 01 00000000:00000000
				   1: 0100007F:46A0 0100007F:C9EA 08 00000000:00000000
				""";
		String closedFirst = """
				  sl  local_address rem_address   st
				   0: 0100007F:46A0 0100007F:C9EA 08 00000000:00000000
				   1: 0100007F:46A0 0100007F:C9EA 01 00000000:00000000
				""";
		assertThat(TcpConnectionTable.states(openFirst, Set.of(client))).containsExactly(Map.entry(client, State.OPEN));
		assertThat(TcpConnectionTable.states(closedFirst, Set.of(client)))
			.containsExactly(Map.entry(client, State.OPEN));
	}

	@Test
	void linesThatAreNotConnectionsAreSkipped() {
		ClientConnection client = new ClientConnection("127.0.0.1", 51690, 18080);
		String table = """
				garbage
				   0: 0100007F:46A0
				   1: 0100007F:46A0 0100007F:C9EA
				   2 0100007F:46A0 0100007F:C9EA 08
				   3: 0100007F46A0 0100007F:C9EA 08
				   4: 0100007F:46A0 0100007FC9EA 08
				   5: 0100007F:46A0 0100007F:ZZZZ 08
				   6: 0100007F:46A0 01007F:C9EA 08
				   7: 0100007F:46A0 0100007F:C9EA XY
				   8: 0100007F:46A0 0100007F:C9EA 01
				""";
		assertThat(TcpConnectionTable.states(table, Set.of(client))).containsExactly(Map.entry(client, State.OPEN));
	}

	@Test
	void onlyAddressesOfFourOrSixteenBytesAreRead() {
		for (String hex : new String[] { "", "0100007", "0100007F00", "0000000000000000FFFF00000100007" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> TcpConnectionTable.address(hex));
		}
	}

	@Test
	void shortestConnectionLineIsRead() {
		ClientConnection client = new ClientConnection("127.0.0.1", 51690, 18080);
		assertThat(TcpConnectionTable.states("0: 0100007F:46A0 0100007F:C9EA 08", Set.of(client)))
			.containsExactly(Map.entry(client, State.CLOSED));
	}

}
