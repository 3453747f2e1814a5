package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A TCP port nobody listens on now, for servers whose port must be known before they
 * start (another program is told it first).
 */
public final class FreePort {

	private FreePort() {
	}

	public static int next() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
