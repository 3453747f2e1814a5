package org.cgiserver.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Finds processes by the run id in their environment: one pass over {@code /proc},
 * reading each process's {@code environ}.
 *
 * <p>Another user's {@code environ} is readable only by root; a server that is not root
 * runs its scripts as its own user, so it can read theirs. A process that replaced its
 * environment (such as {@code env -i}) is not found.
 */
final class RunIdScan {

	private static final Path PROC = Path.of("/proc");

	private static final long SELF = ProcessHandle.current().pid();

	private final byte[] name;

	private byte[] buffer = new byte[16384];

	/**
	 * Prepares a scan; one scan is used by one thread at a time.
	 * @param variable the name of the environment variable that carries the run id
	 */
	RunIdScan(String variable) {
		this.name = (variable + "=").getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Reads every process's environment once and reports those whose run id is wanted.
	 * Nothing is reported without {@code /proc} (not Linux).
	 * @param wanted which run ids to report
	 * @param found receives each process found
	 */
	void scan(Predicate<String> wanted, Found found) {
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, RunIdScan::isPid)) {
			for (Path entry : entries) {
				long pid = Long.parseLong(entry.getFileName().toString());
				if (pid != SELF) {
					String runId = runId(entry.resolve("environ"));
					if (runId != null && wanted.test(runId)) {
						found.process(runId, pid);
					}
				}
			}
		}
		catch (IOException ex) {
			// No /proc: nothing can be found by marker.
		}
	}

	private static boolean isPid(Path entry) {
		String name = entry.getFileName().toString();
		for (int i = 0; i < name.length(); i++) {
			if (!Character.isDigit(name.charAt(i))) {
				return false;
			}
		}
		return !name.isEmpty();
	}

	private @Nullable String runId(Path environ) {
		int length = read(environ);
		byte[] bytes = this.buffer;
		int start = 0;
		while (start < length) {
			int end = start;
			while (end < length && bytes[end] != 0) {
				end++;
			}
			if (end - start >= this.name.length
					&& Arrays.equals(bytes, start, start + this.name.length, this.name, 0, this.name.length)) {
				int value = start + this.name.length;
				return new String(bytes, value, end - value, StandardCharsets.US_ASCII);
			}
			start = end + 1;
		}
		return null;
	}

	/**
	 * Reads a whole {@code /proc} file into the buffer, which grows as needed.
	 * @return the length read; 0 for a process that is gone or unreadable
	 */
	private int read(Path file) {
		try (FileChannel channel = FileChannel.open(file)) {
			ByteBuffer target = ByteBuffer.wrap(this.buffer);
			while (channel.read(target) >= 0) {
				if (!target.hasRemaining()) {
					int position = target.position();
					this.buffer = Arrays.copyOf(this.buffer, this.buffer.length * 2);
					target = ByteBuffer.wrap(this.buffer);
					target.position(position);
				}
			}
			return target.position();
		}
		catch (IOException | SecurityException ex) {
			return 0;
		}
	}

	/**
	 * Receives the processes a scan finds.
	 */
	@FunctionalInterface
	interface Found {

		void process(String runId, long pid);

	}

}
