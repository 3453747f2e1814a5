package org.cgiserver.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Server-Sent Events over HTTP/1.1, read off a socket one event at a time as they arrive,
 * so that a test sees what the client has got while the script still runs.
 */
public final class EventStreamClient implements AutoCloseable {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private final Socket socket;

	private final String head;

	private final InputStream body;

	private EventStreamClient(Socket socket, String head, InputStream body) {
		this.socket = socket;
		this.head = head;
		this.body = body;
	}

	/**
	 * Sends a GET for an event stream and reads the response head.
	 * @param port the server's port on loopback
	 * @param path the request target
	 * @param headers more header lines, such as {@code Accept-Encoding: gzip}
	 * @return the client, positioned at the first event
	 */
	public static EventStreamClient open(int port, String path, String... headers) {
		try {
			Socket socket = new Socket("127.0.0.1", port);
			socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
			StringBuilder request = new StringBuilder("GET ").append(path)
				.append(" HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = new BufferedInputStream(socket.getInputStream());
			String head = StreamedResponse.readHead(in);
			boolean chunked = head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked\r\n");
			return new EventStreamClient(socket, head, chunked ? StreamedResponse.chunkedBody(in) : in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int status() {
		return Integer.parseInt(this.head.split(" ")[1]);
	}

	/** A response header's value, or {@code null}. */
	public @Nullable String header(String name) {
		String prefix = "\r\n" + name.toLowerCase(Locale.ROOT) + ":";
		String lower = this.head.toLowerCase(Locale.ROOT);
		int start = lower.indexOf(prefix);
		if (start < 0) {
			return null;
		}
		int end = this.head.indexOf("\r\n", start + prefix.length());
		return this.head.substring(start + prefix.length(), end).strip();
	}

	/**
	 * Waits for the next event.
	 * @return its lines, joined by newlines, or {@code null} when the response has ended
	 * @throws UncheckedIOException when the connection breaks or is cut off mid-response
	 */
	public @Nullable String next() {
		List<String> lines = new ArrayList<>();
		while (true) {
			String line = line();
			if (line == null) {
				return lines.isEmpty() ? null : String.join("\n", lines);
			}
			if (line.isEmpty()) {
				if (!lines.isEmpty()) {
					return String.join("\n", lines);
				}
			}
			else {
				lines.add(line);
			}
		}
	}

	/**
	 * Reads the events up to the response's end.
	 * @return the events left
	 */
	public List<String> rest() {
		List<String> events = new ArrayList<>();
		for (String event = next(); event != null; event = next()) {
			events.add(event);
		}
		return events;
	}

	private @Nullable String line() {
		try {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int b;
			while ((b = this.body.read()) != '\n') {
				if (b < 0) {
					return (line.size() == 0) ? null : line.toString(StandardCharsets.UTF_8);
				}
				if (b != '\r') {
					line.write(b);
				}
			}
			return line.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Closed either way.
		}
	}

}
