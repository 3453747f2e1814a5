package org.cgiserver.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Sends bytes exactly as written (no client-side normalization of the path), for
 * traversal and protocol tests, and reads the whole answer of a closed connection; or,
 * through {@link #open}, several requests over one kept-alive connection.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends a GET for a raw request target with {@code Connection: close}.
	 */
	public static Response get(int port, String target) {
		return get(InetAddress.getLoopbackAddress(), port, target);
	}

	/**
	 * Sends a GET with {@code Connection: close} to one of the host's addresses: from a
	 * non-loopback address, the server sees a client that is not local.
	 */
	public static Response get(InetAddress address, int port, String target) {
		return send(address, port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	}

	/**
	 * Opens a connection for requests that keep it alive, to see what the server does
	 * with the connection itself.
	 */
	public static Connection open(int port) {
		return new Connection(port);
	}

	public static Response send(int port, String request) {
		return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
	}

	public static Response send(int port, byte[] request) {
		return send(InetAddress.getLoopbackAddress(), port, request);
	}

	/**
	 * Sends a request to one of the host's addresses: from a non-loopback address, the
	 * server sees a client that is not local.
	 */
	public static Response send(InetAddress address, int port, String request) {
		return send(address, port, request.getBytes(StandardCharsets.ISO_8859_1));
	}

	private static Response send(InetAddress address, int port, byte[] request) {
		try (Socket socket = new Socket(address, port)) {
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

		/** Parses the bytes of one answer, after any interim ones. */
		public static Response parse(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			// Interim responses (100 Continue) come before the final one.
			if (text.startsWith("HTTP/1.1 1")) {
				int interimEnd = text.indexOf("\r\n\r\n");
				if (interimEnd > 0) {
					return parse(Arrays.copyOfRange(bytes, interimEnd + 4, bytes.length));
				}
			}
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				return new Response(text, List.of(), new byte[0]);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
			byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
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

	/**
	 * One connection that stays open between requests (no {@code Connection: close}).
	 * Each answer is read as far as its framing says (Content-Length, chunks, or none), so
	 * the next request can follow on the same socket.
	 */
	public static final class Connection implements AutoCloseable {

		private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		Connection(int port) {
			try {
				this.socket = new Socket("127.0.0.1", port);
				this.socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
				this.in = new java.io.BufferedInputStream(this.socket.getInputStream());
				this.out = this.socket.getOutputStream();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** The client port, which a script sees as REMOTE_PORT. */
		public int localPort() {
			return this.socket.getLocalPort();
		}

		/** Sends a GET that keeps the connection alive and reads its answer. */
		public Response get(String target) {
			return exchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
		}

		/** Sends a request as written and reads its answer. */
		public Response exchange(String request) {
			return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
		}

		/** Sends a request as written and reads its answer. */
		public Response exchange(byte[] request) {
			write(request);
			boolean head = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1)
				.equals("HEAD ");
			Response response;
			do {
				response = read(head);
			}
			while (response.status() < 200);
			return response;
		}

		/**
		 * Reads the next answer, an interim one (100 Continue) included, of a request
		 * that was {@link #write written}.
		 */
		public Response read() {
			return read(false);
		}

		/** Sends bytes without reading anything. */
		public Connection write(byte[] bytes) {
			try {
				this.out.write(bytes);
				this.out.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return this;
		}

		/** Sends text without reading anything. */
		public Connection write(String text) {
			return write(text.getBytes(StandardCharsets.ISO_8859_1));
		}

		/** Reads exactly this many bytes, whatever they are. */
		public byte[] readNBytes(int count) {
			try {
				byte[] bytes = this.in.readNBytes(count);
				if (bytes.length < count) {
					throw new AssertionError("The server closed the connection after " + bytes.length + " bytes");
				}
				return bytes;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * Reads everything up to the server's close.
		 * @param limit how long the server may take to close the connection
		 * @return the bytes read
		 * @throws AssertionError when the connection is still open after the limit
		 */
		public byte[] readUntilClosed(Duration limit) {
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			long deadline = System.nanoTime() + limit.toNanos();
			byte[] buffer = new byte[8192];
			try {
				while (true) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						throw new AssertionError("The server kept the connection open for more than " + limit
								+ " after sending " + all.size() + " bytes");
					}
					this.socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
					int read = this.in.read(buffer);
					if (read < 0) {
						return all.toByteArray();
					}
					all.write(buffer, 0, read);
				}
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("The server kept the connection open for more than " + limit
						+ " after sending " + all.size() + " bytes", ex);
			}
			catch (IOException ex) {
				// A reset is a close too.
				return all.toByteArray();
			}
		}

		/** Whether the server closes the connection within the time, with nothing more sent. */
		public boolean closedByServer(Duration limit) {
			try {
				return readUntilClosed(limit).length == 0;
			}
			catch (AssertionError ex) {
				return false;
			}
		}

		private Response read(boolean head) {
			try {
				String[] lines = readHead().split("\r\n");
				Response response = new Response(lines[0], List.of(lines).subList(1, lines.length), new byte[0]);
				int status = response.status();
				byte[] body;
				String length = response.header("Content-Length");
				String encoding = response.header("Transfer-Encoding");
				if (head || status < 200 || status == 204 || status == 304) {
					body = new byte[0];
				}
				else if (encoding != null && encoding.equalsIgnoreCase("chunked")) {
					body = readChunks();
				}
				else if (length != null) {
					body = this.in.readNBytes(Integer.parseInt(length));
				}
				else {
					body = this.in.readAllBytes();
				}
				return new Response(response.statusLine(), response.headers(), body);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private String readHead() throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int matched = 0;
			while (matched < 4) {
				int b = this.in.read();
				if (b < 0) {
					throw new IOException("Connection closed after " + head.size() + " bytes of the head: "
							+ head.toString(StandardCharsets.ISO_8859_1));
				}
				head.write(b);
				matched = (b == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
			byte[] bytes = head.toByteArray();
			return new String(bytes, 0, bytes.length - 4, StandardCharsets.ISO_8859_1);
		}

		private byte[] readChunks() throws IOException {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			while (true) {
				String sizeLine = readLine();
				int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
				if (size == 0) {
					// Trailers, up to an empty line.
					while (!readLine().isEmpty()) {
					}
					return body.toByteArray();
				}
				body.write(this.in.readNBytes(size));
				readLine();
			}
		}

		private String readLine() throws IOException {
			StringBuilder line = new StringBuilder();
			int b;
			while ((b = this.in.read()) != '\n') {
				if (b < 0) {
					throw new IOException("Connection closed in a chunked body");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

		@Override
		public void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
