package org.cgiserver.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * A client on one of the loopback addresses beyond 127.0.0.1 (Linux answers the whole of
 * 127.0.0.0/8): for the server, each is a client of its own, with no network needed.
 */
public final class LoopbackClient {

	private final InetAddress address;

	private final int port;

	/**
	 * @param address the client's address, such as {@code 127.0.0.2}
	 * @param port the server's port on 127.0.0.1
	 */
	public LoopbackClient(String address, int port) {
		try {
			this.address = InetAddress.getByName(address);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
		this.port = port;
	}

	/** Sends a GET with {@code Connection: close} and reads the whole answer. */
	public RawHttp.Response get(String target, String... headerLines) {
		StringBuilder request = new StringBuilder("GET ").append(target)
			.append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
		for (String header : headerLines) {
			request.append(header).append("\r\n");
		}
		return send(request.append("\r\n").toString());
	}

	/** Sends a request as written and reads the whole answer of the closed connection. */
	public RawHttp.Response send(String request) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(this.address, 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 10_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			socket.getInputStream().transferTo(all);
			return RawHttp.Response.parse(all.toByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
