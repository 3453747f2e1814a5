package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

import org.jspecify.annotations.Nullable;

/**
 * The standard input of a script that may take over its connection: the request body,
 * if any, then whatever the client sends once the script has answered 101, until either
 * end closes. A script that answers anything else sees its input end after the body.
 * The client's bytes wait here, a bounded amount, until the script reads them: a client
 * that sends faster than its script reads is held back.
 */
final class UpgradeInput extends InputStream {

	private static final int CAPACITY = 65536;

	private @Nullable InputStream body;

	private final byte[] buffer = new byte[CAPACITY];

	private int head;

	private int count;

	private boolean ended;

	/**
	 * @param body the request body, or {@code null} for none
	 */
	UpgradeInput(@Nullable InputStream body) {
		this.body = body;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int read = read(one, 0, 1);
		return (read < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		InputStream body = this.body;
		if (body != null) {
			int read = body.read(bytes, offset, length);
			if (read >= 0) {
				return read;
			}
			this.body = null;
		}
		synchronized (this) {
			while (this.count == 0 && !this.ended) {
				waitHere();
			}
			if (this.count == 0) {
				return -1;
			}
			int read = Math.min(length, Math.min(this.count, CAPACITY - this.head));
			System.arraycopy(this.buffer, this.head, bytes, offset, read);
			this.head = (this.head + read) % CAPACITY;
			this.count -= read;
			notifyAll();
			return read;
		}
	}

	/**
	 * Passes bytes of the client on, waiting while the script has not read what came
	 * before.
	 * @param bytes the bytes
	 * @param offset where they start
	 * @param length how many
	 * @return whether they were taken: {@code false} once the input has ended
	 * @throws InterruptedIOException when interrupted while waiting
	 */
	synchronized boolean push(byte[] bytes, int offset, int length) throws InterruptedIOException {
		int done = 0;
		while (done < length) {
			while (this.count == CAPACITY && !this.ended) {
				waitHere();
			}
			if (this.ended) {
				return false;
			}
			int tail = (this.head + this.count) % CAPACITY;
			int chunk = Math.min(length - done, Math.min(CAPACITY - this.count, CAPACITY - tail));
			System.arraycopy(bytes, offset + done, this.buffer, tail, chunk);
			this.count += chunk;
			done += chunk;
			notifyAll();
		}
		return true;
	}

	/**
	 * Ends the input: the script reads what is left, then the end. Nothing more is taken.
	 */
	synchronized void end() {
		this.ended = true;
		notifyAll();
	}

	@Override
	public void close() {
		end();
	}

	private void waitHere() throws InterruptedIOException {
		try {
			wait();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while waiting for the client's bytes");
		}
	}

}
