package org.cgiserver.support;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reading a response off a socket as it streams in, for bodies too large to hold: the
 * head, then the body with HTTP/1.1 chunked coding undone.
 */
public final class StreamedResponse {

	private StreamedResponse() {
	}

	/**
	 * Reads the status line and headers, up to the blank line.
	 * @param in the connection's input
	 * @return the head, ending with the blank line
	 * @throws IOException when the connection closes first
	 */
	public static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed in the headers: " + head);
			}
			head.append((char) b);
		}
		return head.toString();
	}

	/**
	 * The body that follows the head, when it is chunked.
	 * @param in the connection's input, after the head
	 * @return the decoded body
	 */
	public static InputStream chunkedBody(InputStream in) {
		return new ChunkedInputStream(in);
	}

	/** Decodes HTTP/1.1 chunked transfer coding. */
	private static final class ChunkedInputStream extends InputStream {

		private final InputStream in;

		private long remaining;

		private boolean done;

		ChunkedInputStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.done) {
				return -1;
			}
			if (this.remaining == 0) {
				this.remaining = Long.parseLong(line().split(";")[0].trim(), 16);
				if (this.remaining == 0) {
					this.done = true;
					return -1;
				}
			}
			int read = this.in.read(buffer, offset, (int) Math.min(length, this.remaining));
			if (read < 0) {
				throw new IOException("connection closed inside a chunk");
			}
			this.remaining -= read;
			if (this.remaining == 0) {
				line();
			}
			return read;
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			int b;
			while ((b = this.in.read()) != '\n') {
				if (b < 0) {
					throw new IOException("connection closed in a chunk header");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

	}

}
