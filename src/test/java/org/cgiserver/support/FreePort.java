package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP port nobody listens on now, for servers whose port must be known before they
 * start (another program is told it first).
 *
 * <p>The port is taken below the kernel's ephemeral range: every {@code bind} to port 0
 * (the servers under test) and every outgoing connection takes its port from that range,
 * so a port handed out from it could be taken by one of them before the program told it
 * binds it. The program would then fail to listen, while the port still answered.
 */
public final class FreePort {

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	/** The lowest port handed out: above the well-known and most registered ones. */
	private static final int LOWEST = 10000;

	/** Linux's default start of the ephemeral range, where it cannot be read. */
	private static final int DEFAULT_EPHEMERAL_START = 32768;

	private static final int ATTEMPTS = 100;

	private FreePort() {
	}

	public static int next() {
		int below = ephemeralStart();
		if (below - LOWEST < 1000) {
			return anyFree();
		}
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
			if (free(port)) {
				return port;
			}
		}
		return anyFree();
	}

	/**
	 * Whether something takes connections on a port of loopback.
	 * @param port the port
	 * @return {@code true} when a connection was accepted
	 */
	public static boolean taken(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int ephemeralStart() {
		try {
			String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
			return Integer.parseInt(range[0]);
		}
		catch (IOException | RuntimeException ex) {
			return DEFAULT_EPHEMERAL_START;
		}
	}

	private static boolean free(int port) {
		// Bound on every address, as the servers may be: a port free on loopback alone could
		// be taken on another address.
		try (ServerSocket socket = new ServerSocket(port, 1, (InetAddress) null)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int anyFree() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
