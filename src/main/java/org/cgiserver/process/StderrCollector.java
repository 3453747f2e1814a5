package org.cgiserver.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
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

	/** Allocated with the first byte: most scripts write nothing here, and a WebSocket session may last for hours. */
	private byte @Nullable [] tail;

	private long written;

	private byte @Nullable [] line;

	private int lineLength;

	StderrCollector(String name) {
		this.name = name;
	}

	void drain(InputStream stderr) {
		byte[] buffer = new byte[1024];
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
		if (this.tail == null || this.line == null) {
			this.tail = new byte[TAIL_SIZE];
			this.line = new byte[MAX_LINE];
		}
		byte[] tail = this.tail;
		byte[] line = this.line;
		for (int i = 0; i < length; i++) {
			byte b = buffer[i];
			tail[(int) (this.written++ % TAIL_SIZE)] = b;
			if (b == '\n') {
				flushLine();
			}
			else if (this.lineLength < MAX_LINE) {
				line[this.lineLength++] = b;
			}
		}
	}

	private synchronized void flushLine() {
		byte[] line = this.line;
		if (line != null && this.lineLength > 0) {
			int end = this.lineLength;
			if (line[end - 1] == '\r') {
				end--;
			}
			logger.warn("{}: {}", this.name, new String(line, 0, end, StandardCharsets.UTF_8));
			this.lineLength = 0;
		}
	}

	synchronized String tail() {
		byte[] tail = this.tail;
		if (tail == null) {
			return "";
		}
		int size = (int) Math.min(this.written, TAIL_SIZE);
		byte[] copy = new byte[size];
		long start = this.written - size;
		for (int i = 0; i < size; i++) {
			copy[i] = tail[(int) ((start + i) % TAIL_SIZE)];
		}
		return new String(copy, StandardCharsets.UTF_8);
	}

}
