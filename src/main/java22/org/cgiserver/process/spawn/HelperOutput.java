package org.cgiserver.process.spawn;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * Puts what a spawn helper writes to its standard output and error into the server's
 * log: why it could not start, or why it ended. The helper shares the scripts' user, so
 * only its first lines are logged, each cut short and stripped of control characters,
 * and the rest is read and dropped: a script cannot flood the log through it.
 */
final class HelperOutput {

	private static final System.Logger logger = System.getLogger(HelperOutput.class.getName());

	private static final int MAX_LINES = 20;

	private static final int MAX_LINE_LENGTH = 400;

	private HelperOutput() {
	}

	/**
	 * Follows a helper's output on a thread of its own until the helper closes it.
	 * @param output the helper's output
	 * @param pid the helper's pid
	 */
	static void follow(InputStream output, long pid) {
		Thread thread = new Thread(null, () -> log(output, pid), "cgi-spawn-helper-output-" + pid, 256 * 1024);
		thread.setDaemon(true);
		thread.start();
	}

	private static void log(InputStream output, long pid) {
		// Read in bytes, not lines, so that a line without end takes no more memory than one cut short.
		byte[] buffer = new byte[8192];
		byte[] line = new byte[MAX_LINE_LENGTH];
		int length = 0;
		int logged = 0;
		try (output) {
			for (int read = output.read(buffer); read >= 0; read = output.read(buffer)) {
				for (int i = 0; i < read && logged < MAX_LINES; i++) {
					if (buffer[i] == '\n') {
						logLine(pid, new String(line, 0, length, StandardCharsets.UTF_8), ++logged);
						length = 0;
					}
					else if (length < line.length) {
						line[length++] = buffer[i];
					}
				}
			}
			if (length > 0 && logged < MAX_LINES) {
				logLine(pid, new String(line, 0, length, StandardCharsets.UTF_8), ++logged);
			}
		}
		catch (IOException ex) {
			// The helper is gone.
		}
	}

	private static void logLine(long pid, String line, int number) {
		logger.log(Level.WARNING, "Spawn helper (pid " + pid + "): " + line.replaceAll("\\p{Cntrl}", "?")
				+ ((number == MAX_LINES) ? " (its further output is not logged)" : ""));
	}

}
