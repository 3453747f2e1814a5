package org.cgiserver.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Programs a test needs from the machine, found as a shell would find them.
 */
public final class Programs {

	private Programs() {
	}

	/**
	 * A program on {@code PATH}.
	 * @param name the program's name
	 * @return its path, or {@code null} when it is not installed
	 */
	public static @Nullable Path find(String name) {
		for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
			Path candidate = Path.of(folder, name);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
