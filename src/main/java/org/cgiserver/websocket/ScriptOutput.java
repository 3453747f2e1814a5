package org.cgiserver.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.cgiserver.config.WebSocketMode;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Cuts a script's standard output into messages: in text mode one per line (without its
 * line end, as websocketd sends them), in binary mode one per read.
 */
final class ScriptOutput {

	private static final int READ_SIZE = 4096;

	private final InputStream stdout;

	private final WebSocketMode mode;

	private final int maxMessage;

	private final byte[] buffer;

	private byte[] line;

	private int lineLength;

	private int start;

	private int end;

	private boolean finished;

	/**
	 * @param stdout the script's standard output
	 * @param mode text or binary
	 * @param maxMessage the longest line, or largest read, sent as one message
	 */
	ScriptOutput(InputStream stdout, WebSocketMode mode, int maxMessage) {
		this.stdout = stdout;
		this.mode = mode;
		this.maxMessage = maxMessage;
		// Every open session holds one: small, as the pipe holds what waits to be read.
		this.buffer = new byte[Math.min(maxMessage, READ_SIZE)];
		this.line = new byte[Math.min(maxMessage, 256)];
	}

	/**
	 * The next message, waiting for the script to write it.
	 * @return the message, or {@code null} at the end of the output
	 * @throws IOException when the output cannot be read
	 * @throws TooLongException when a line is longer than the largest message
	 */
	WebSocketMessage<?> next() throws IOException, TooLongException {
		if (this.mode == WebSocketMode.BINARY) {
			int read = this.stdout.read(this.buffer);
			return (read < 0) ? null : new BinaryMessage(ByteBuffer.wrap(Arrays.copyOf(this.buffer, read)));
		}
		while (true) {
			while (this.start < this.end) {
				byte b = this.buffer[this.start++];
				if (b == '\n') {
					return line();
				}
				append(b);
			}
			if (this.finished) {
				// A last line without its line end is a message too.
				return (this.lineLength > 0) ? line() : null;
			}
			int read = this.stdout.read(this.buffer);
			if (read < 0) {
				this.finished = true;
			}
			else {
				this.start = 0;
				this.end = read;
			}
		}
	}

	private void append(byte b) throws TooLongException {
		if (this.lineLength == this.line.length) {
			if (this.lineLength >= this.maxMessage) {
				throw new TooLongException();
			}
			this.line = Arrays.copyOf(this.line, Math.min(this.maxMessage, this.lineLength * 2));
		}
		this.line[this.lineLength++] = b;
	}

	private TextMessage line() {
		int length = this.lineLength;
		if (length > 0 && this.line[length - 1] == '\r') {
			length--;
		}
		this.lineLength = 0;
		return new TextMessage(new String(this.line, 0, length, StandardCharsets.UTF_8));
	}

	/**
	 * A line of the script's longer than the largest message.
	 */
	static final class TooLongException extends Exception {

		TooLongException() {
			super("a line longer than cgi.websocket.max-message-size", null, false, false);
		}

	}

}
