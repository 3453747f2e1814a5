package org.cgiserver.cgi;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of request bodies' temporary files. They go into a folder of the server's
 * own inside it, of mode 0700, so that scripts running as another user cannot even list
 * them (the files are unlinked as soon as they are open anyway). The folder and each file
 * are named after the server that made them, so that a server starting up can remove what
 * a crashed one left without touching the files of another server sharing the folder.
 */
final class SpoolFolder {

	private static final Logger logger = LoggerFactory.getLogger(SpoolFolder.class);

	private static final String PREFIX = "cgiserver-body-";

	private static final String FOLDER_PREFIX = "cgiserver-spool-";

	private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*\\.tmp");

	private static final Pattern FOLDER_NAME = Pattern.compile(Pattern.quote(FOLDER_PREFIX) + "(\\d+)-.*");

	private final Path folder;

	private final String prefix;

	private @Nullable Path own;

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
		return Files.createTempFile(ownFolder(), this.prefix, ".tmp");
	}

	private synchronized Path ownFolder() throws IOException {
		Path own = this.own;
		if (own == null || !Files.isDirectory(own, LinkOption.NOFOLLOW_LINKS)) {
			own = Files.createTempDirectory(this.folder, FOLDER_PREFIX + ProcessHandle.current().pid() + "-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			this.own = own;
		}
		return own;
	}

	/**
	 * Removes the files of servers that no longer run, and their folders.
	 * @return how many files were removed
	 */
	int removeLeftovers() {
		int removed = removeFiles(this.folder);
		try (DirectoryStream<Path> folders = Files.newDirectoryStream(this.folder, FOLDER_PREFIX + "*")) {
			for (Path leftover : folders) {
				Matcher matcher = FOLDER_NAME.matcher(leftover.getFileName().toString());
				if (matcher.matches() && !isRunning(Long.parseLong(matcher.group(1)))
						&& Files.isDirectory(leftover, LinkOption.NOFOLLOW_LINKS)) {
					removed += removeFiles(leftover);
					Files.deleteIfExists(leftover);
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

	private static int removeFiles(Path folder) {
		int removed = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*.tmp")) {
			for (Path file : files) {
				Matcher matcher = NAME.matcher(file.getFileName().toString());
				if (matcher.matches() && !isRunning(Long.parseLong(matcher.group(1))) && Files.deleteIfExists(file)) {
					removed++;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not look for request bodies left in {}: {}", folder, ex.getMessage());
		}
		return removed;
	}

	private static boolean isRunning(long pid) {
		return pid == ProcessHandle.current().pid()
				|| ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

}
