package org.cgiserver.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.cgiserver.config.InvalidConfigurationException;

/**
 * Where the programs that wrap a script (util-linux {@code prlimit}, {@code setpriv},
 * {@code unshare}, {@code mount}) are found, and the start's failure when one is
 * missing.
 */
final class WrapperPrograms {

	private WrapperPrograms() {
	}

	/**
	 * Looks for a program the configuration needs.
	 * @param searchPath the folders to look in, in order
	 * @param program the program's name
	 * @param property the property that needs it, for the error
	 * @param value the property's value, for the error
	 * @param reason why it is needed, for the error
	 * @return its path
	 * @throws InvalidConfigurationException when no folder has it
	 */
	static String require(List<Path> searchPath, String program, String property, String value,
			String reason) {
		Path found = find(searchPath, program);
		if (found == null) {
			throw new InvalidConfigurationException(property, value, reason);
		}
		return found.toString();
	}

	/**
	 * Looks for a program.
	 * @param searchPath the folders to look in, in order
	 * @param program the program's name
	 * @return its path, or {@code null} when no folder has it
	 */
	static @Nullable Path find(List<Path> searchPath, String program) {
		for (Path folder : searchPath) {
			Path candidate = folder.resolve(program);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * The folders wrappers are looked for in: the server's PATH, then the system's usual
	 * folders (a service manager may start the server with a short PATH).
	 * @param path the server's PATH, or {@code null}
	 * @return the folders
	 */
	static List<Path> searchPath(@Nullable String path) {
		String search = ((path != null) ? path + ":" : "") + "/usr/bin:/bin:/usr/sbin:/sbin";
		return Arrays.stream(search.split(":")).filter((folder) -> !folder.isEmpty()).map(Path::of).toList();
	}

}
