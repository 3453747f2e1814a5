package org.cgiserver.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends bytes exactly as written (no client-side normalization of the path), for
 * traversal and protocol tests, and reads the whole answer of a closed connection.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends a GET for a raw request target with {@code Connection: close}.
	 */
	public static Response get(int port, String target) {
		return send(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	}

	public static Response send(int port, String request) {
		return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
	}

	public static Response send(int port, byte[] request) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			return Response.parse(all.toByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A parsed answer: status line, header lines and the raw bytes after them (still
	 * chunked if the server chunked them).
	 */
	public record Response(String statusLine, List<String> headers, byte[] rawBody) {

		static Response parse(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			// Interim responses (100 Continue) come before the final one.
			if (text.startsWith("HTTP/1.1 1")) {
				int interimEnd = text.indexOf("\r\n\r\n");
				if (interimEnd > 0) {
					return parse(java.util.Arrays.copyOfRange(bytes, interimEnd + 4, bytes.length));
				}
			}
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				return new Response(text, List.of(), new byte[0]);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
			byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
			return new Response(lines[0], headers, body);
		}

		public int status() {
			return Integer.parseInt(this.statusLine.split(" ")[1]);
		}

		public String header(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headers.stream()
				.filter((h) -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
				.map((h) -> h.substring(prefix.length()).trim())
				.findFirst()
				.orElse(null);
		}

		public String body() {
			return new String(this.rawBody, StandardCharsets.UTF_8);
		}

	}

}
