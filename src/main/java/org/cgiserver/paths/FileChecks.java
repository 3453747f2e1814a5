package org.cgiserver.paths;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * What keeps a folder or a program from being used: one rule, read at start (to stop a
 * bad configuration) and by health checks (to notice what changed since).
 */
public final class FileChecks {

	private FileChecks() {
	}

	/**
	 * Checks a folder that must be listed and searched.
	 * @param path the folder
	 * @return the problem, or {@code null} when it can be used
	 */
	public static @Nullable Problem folder(Path path) {
		if (!Files.exists(path)) {
			return new Problem("missing", "the folder does not exist");
		}
		if (!Files.isDirectory(path)) {
			return new Problem("not a folder", "it is not a folder");
		}
		if (!Files.isReadable(path) || !Files.isExecutable(path)) {
			return new Problem("not readable", "the folder cannot be read");
		}
		return null;
	}

	/**
	 * Checks a program that must be executed.
	 * @param path the program
	 * @return the problem, or {@code null} when it can be used
	 */
	public static @Nullable Problem program(Path path) {
		if (!Files.exists(path)) {
			return new Problem("missing", "it does not exist");
		}
		if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
			return new Problem("not executable", "it is neither a folder nor an executable file");
		}
		return null;
	}

	/**
	 * Why a path cannot be used.
	 *
	 * @param brief a word or two, for health details
	 * @param explanation a sentence, for a failed start
	 */
	public record Problem(String brief, String explanation) {
	}

}
