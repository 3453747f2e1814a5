package org.cgiserver.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a script's standard error: every line goes to the {@code cgiserver.script}
 * logger with the script's name, and the last few kilobytes are kept for failure
 * reports. Never blocks the script, whatever it writes.
 */
final class StderrCollector {

	private static final Logger logger = LoggerFactory.getLogger("cgiserver.script");

	static final int TAIL_SIZE = 4096;

	private static final int MAX_LINE = 4096;

	private final String name;

	private final byte[] tail = new byte[TAIL_SIZE];

	private long written;

	private final byte[] line = new byte[MAX_LINE];

	private int lineLength;

	StderrCollector(String name) {
		this.name = name;
	}

	void drain(InputStream stderr) {
		byte[] buffer = new byte[4096];
		try (stderr) {
			int read;
			while ((read = stderr.read(buffer)) != -1) {
				accept(buffer, read);
			}
		}
		catch (IOException ex) {
			// The stream closes when the process is killed; what was read is kept.
		}
		flushLine();
	}

	private synchronized void accept(byte[] buffer, int length) {
		for (int i = 0; i < length; i++) {
			byte b = buffer[i];
			this.tail[(int) (this.written++ % TAIL_SIZE)] = b;
			if (b == '\n') {
				flushLine();
			}
			else if (this.lineLength < MAX_LINE) {
				this.line[this.lineLength++] = b;
			}
		}
	}

	private synchronized void flushLine() {
		if (this.lineLength > 0) {
			int end = this.lineLength;
			if (this.line[end - 1] == '\r') {
				end--;
			}
			logger.warn("{}: {}", this.name, new String(this.line, 0, end, StandardCharsets.UTF_8));
			this.lineLength = 0;
		}
	}

	synchronized String tail() {
		int size = (int) Math.min(this.written, TAIL_SIZE);
		byte[] copy = new byte[size];
		long start = this.written - size;
		for (int i = 0; i < size; i++) {
			copy[i] = this.tail[(int) ((start + i) % TAIL_SIZE)];
		}
		return new String(copy, StandardCharsets.UTF_8);
	}

}
