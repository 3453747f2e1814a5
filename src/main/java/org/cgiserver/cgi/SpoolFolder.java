package org.cgiserver.cgi;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of request bodies' temporary files. Each file is named after the server
 * that made it, so that a server starting up can remove what a crashed one left without
 * touching the files of another server sharing the folder.
 */
final class SpoolFolder {

	private static final Logger logger = LoggerFactory.getLogger(SpoolFolder.class);

	private static final String PREFIX = "cgiserver-body-";

	private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*\\.tmp");

	private final Path folder;

	private final String prefix;

	/**
	 * @param folder the folder, which must exist and be writable
	 */
	SpoolFolder(Path folder) {
		this.folder = folder;
		this.prefix = PREFIX + ProcessHandle.current().pid() + "-";
	}

	Path folder() {
		return this.folder;
	}

	/**
	 * Creates a new, empty temporary file readable by the server only.
	 * @return its path
	 * @throws IOException when it cannot be created
	 */
	Path newFile() throws IOException {
		return Files.createTempFile(this.folder, this.prefix, ".tmp");
	}

	/**
	 * Removes the files of servers that no longer run.
	 * @return how many were removed
	 */
	int removeLeftovers() {
		int removed = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.folder, PREFIX + "*.tmp")) {
			for (Path file : files) {
				Matcher matcher = NAME.matcher(file.getFileName().toString());
				if (matcher.matches() && !isRunning(Long.parseLong(matcher.group(1))) && Files.deleteIfExists(file)) {
					removed++;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not look for request bodies left in {}: {}", this.folder, ex.getMessage());
		}
		if (removed > 0) {
			logger.info("Removed {} request body file(s) left in {} by a server that stopped", removed, this.folder);
		}
		return removed;
	}

	private static boolean isRunning(long pid) {
		return pid == ProcessHandle.current().pid()
				|| ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

}
