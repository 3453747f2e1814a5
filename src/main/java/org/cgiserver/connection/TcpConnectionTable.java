package org.cgiserver.connection;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the state of TCP connections out of Linux's {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} tables.
 */
final class TcpConnectionTable {

	/** The kernel's code for an established connection: both sides still open. */
	private static final int ESTABLISHED = 0x01;

	/**
	 * The kernel's code for an earlier connection this side closed: a client may reuse
	 * its port for a new connection while the old one is still listed.
	 */
	private static final int TIME_WAIT = 0x06;

	private static final Pattern FIELD_SEPARATOR = Pattern.compile("\\s+");

	private TcpConnectionTable() {
	}

	/**
	 * What the kernel knows of a connection.
	 */
	enum State {

		/** Both sides are open. */
		OPEN,

		/** The client has closed its side or reset the connection. */
		CLOSED

	}

	/**
	 * Finds the wanted connections in the text of the tables.
	 * @param table the tables' text, header lines included
	 * @param wanted the connections to look for
	 * @return the state of each wanted connection the tables list
	 */
	static Map<ClientConnection, State> states(String table, Set<ClientConnection> wanted) {
		Map<ClientConnection, State> states = new HashMap<>();
		if (wanted.isEmpty()) {
			return states;
		}
		for (String line : table.split("\n")) {
			// "  sl  local_address rem_address   st ...": the number, then address:port pairs in hex.
			String[] fields = FIELD_SEPARATOR.split(line.trim(), 5);
			if (fields.length < 4 || !fields[0].endsWith(":")) {
				continue;
			}
			int localColon = fields[1].indexOf(':');
			int remoteColon = fields[2].indexOf(':');
			if (localColon < 0 || remoteColon < 0) {
				continue;
			}
			try {
				int localPort = Integer.parseInt(fields[1].substring(localColon + 1), 16);
				int remotePort = Integer.parseInt(fields[2].substring(remoteColon + 1), 16);
				if (!wantsPorts(wanted, localPort, remotePort)) {
					continue;
				}
				ClientConnection connection = new ClientConnection(address(fields[2].substring(0, remoteColon)),
						remotePort, localPort);
				int state = Integer.parseInt(fields[3], 16);
				if (state != TIME_WAIT && wanted.contains(connection)) {
					states.merge(connection, (state == ESTABLISHED) ? State.OPEN : State.CLOSED,
							(listed, other) -> (listed == State.OPEN) ? listed : other);
				}
			}
			catch (IllegalArgumentException ex) {
				// Not a connection line.
			}
		}
		return states;
	}

	private static boolean wantsPorts(Set<ClientConnection> wanted, int localPort, int remotePort) {
		for (ClientConnection connection : wanted) {
			if (connection.remotePort() == remotePort && connection.localPort() == localPort) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The numeric form of an address in the kernel's notation: 32-bit words in hex, each
	 * in the machine's byte order. An IPv4-mapped IPv6 address comes out in IPv4 form, as
	 * the servlet container reports it.
	 */
	static String address(String hex) {
		if (hex.length() != 8 && hex.length() != 32) {
			throw new IllegalArgumentException("Not an address: " + hex);
		}
		ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2).order(ByteOrder.nativeOrder());
		for (int word = 0; word < hex.length(); word += 8) {
			bytes.putInt((int) Long.parseLong(hex.substring(word, word + 8), 16));
		}
		try {
			return InetAddress.getByAddress(bytes.array()).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("Not an address: " + hex, ex);
		}
	}

}
