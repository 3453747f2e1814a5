package org.cgiserver.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What to run: the command (program first), its whole environment, its working folder
 * and its limits.
 *
 * @param name the name used in log lines, such as the script's URL path
 * @param command the program and its arguments
 * @param environment the complete environment; nothing is inherited
 * @param workingDirectory the working folder
 * @param timeout the wall-clock limit of the run
 * @param idleTimeout the limit on time without output, or {@code null}
 * @param policy who it runs as and how its processes are kept together
 */
public record ProcessSpec(String name, List<String> command, Map<String, String> environment, Path workingDirectory,
		Duration timeout, @Nullable Duration idleTimeout, RunPolicy policy) {

	/**
	 * What to run under the server-wide settings.
	 * @param name the name used in log lines, such as the script's URL path
	 * @param command the program and its arguments
	 * @param environment the complete environment; nothing is inherited
	 * @param workingDirectory the working folder
	 * @param timeout the wall-clock limit of the run
	 * @param idleTimeout the limit on time without output, or {@code null}
	 */
	public ProcessSpec(String name, List<String> command, Map<String, String> environment, Path workingDirectory,
			Duration timeout, @Nullable Duration idleTimeout) {
		this(name, command, environment, workingDirectory, timeout, idleTimeout, RunPolicy.DEFAULT);
	}

}
