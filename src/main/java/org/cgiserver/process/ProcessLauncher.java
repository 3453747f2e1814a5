package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Starts operating-system processes; the seam that lets the execution logic be tested
 * without real processes. A script's command goes through
 * {@link #launchConfined launchConfined}, which puts the confinement's wrappers before it.
 */
@FunctionalInterface
public interface ProcessLauncher {

	/**
	 * Starts a process with exactly the given environment, as the server's own user.
	 * @param command the program and its arguments
	 * @param environment the complete environment
	 * @param workingDirectory the working folder
	 * @return the running process
	 * @throws IOException when the program cannot be started
	 */
	Process launch(List<String> command, Map<String, String> environment, Path workingDirectory) throws IOException;

	/**
	 * Whether a virtual thread may block on the pipes of the processes this launcher
	 * starts. The JDK makes up for a carrier that its own process pipes block with another
	 * platform thread; plain file streams over pipes get none, and a few blocked ones would
	 * hold every carrier.
	 * @return {@code true} when threads that read and write the pipes may be virtual
	 */
	default boolean pipesReleaseCarrierThreads() {
		return true;
	}

	/**
	 * Whether a virtual thread that waits on a long-running process's output or error
	 * holds no platform thread meanwhile (the JDK's process pipes block a carrier, which
	 * the JDK makes up for with another platform thread).
	 * @return {@code true} when readers of a silent process hold no platform thread
	 */
	default boolean outputWaitsWithoutThread() {
		return false;
	}

	/**
	 * Starts a script confined as the confinement says, with exactly the given
	 * environment: by default through the confinement's {@linkplain ProcessConfinement#wrap
	 * wrappers}. A launcher that can start it as the scripts' user itself (the spawn
	 * helper) leaves the switch of user out.
	 * @param confinement the wrappers
	 * @param command the script's command
	 * @param environment the complete environment
	 * @param workingDirectory the working folder
	 * @return the running process
	 * @throws IOException when the program cannot be started
	 */
	default Process launchConfined(ProcessConfinement confinement, List<String> command,
			Map<String, String> environment, Path workingDirectory) throws IOException {
		return launch(confinement.wrap(command, false, setsNoNewPrivileges()), environment, workingDirectory);
	}

	/**
	 * Whether the processes this launcher starts get {@code no_new_privs} from the
	 * launcher itself; otherwise a wrapper sets it.
	 * @return {@code true} when it sets the flag
	 */
	default boolean setsNoNewPrivileges() {
		return false;
	}

	/**
	 * What a process this launcher started cost, once it has exited.
	 * @param exited the process
	 * @return the cost, or {@code null} when this launcher has no figure (the JDK reaps
	 * the processes of {@link ProcessBuilder} and keeps their resource usage)
	 */
	default @Nullable RunCost cost(Process exited) {
		return null;
	}

	/**
	 * Releases what the launcher keeps between launches, such as a spawn helper. Called
	 * when the server stops, after its scripts are stopped.
	 */
	default void close() {
	}

	/**
	 * The launcher that uses {@link ProcessBuilder}.
	 * @return the launcher
	 */
	static ProcessLauncher processBuilder() {
		return (command, environment, workingDirectory) -> {
			ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
			Map<String, String> env = builder.environment();
			env.clear();
			env.putAll(environment);
			return builder.start();
		};
	}

}
