package org.cgiserver.process.spawn;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The entry to the jar's Java 22 part, and the only class of it the base code names
 * ({@code org.cgiserver.process.NativeSpawning} binds it): a way of starting scripts with
 * {@code posix_spawn}, directly ({@link #direct()}) or through a spawn helper that runs
 * as the scripts' user ({@link #throughHelper}).
 *
 * <p>Only JDK types cross this surface, and the base code finds these methods by name:
 * in an executable jar, the JDK loads the jar's Java 22 part with its own class loader,
 * which cannot see the application's classes (Spring Boot's launcher reads
 * version-specific classes only from the jar's root), so no interface of the base code
 * can be implemented here. Changing a signature here means changing the binding there.
 */
public final class Spawning implements AutoCloseable {

	private final Launch launch;

	private final Runnable close;

	private final String name;

	private final boolean pollsOutput;

	private Spawning(Launch launch, Runnable close, String name, boolean pollsOutput) {
		this.launch = launch;
		this.close = close;
		this.name = name;
		this.pollsOutput = pollsOutput;
	}

	/**
	 * Scripts started with {@code posix_spawn} as the server's own user.
	 * @return the way, or {@code null} when this system's C library lacks a call it needs
	 */
	public static @Nullable Spawning direct() {
		PosixSpawnLauncher launcher = PosixSpawnLauncher.ifSupported();
		return (launcher != null) ? new Spawning(launcher::launch, () -> {
		}, launcher.toString(), launcher.poller() != null) : null;
	}

	/**
	 * Scripts started by a spawn helper that runs as their user, started here.
	 * @param asScriptUser turns a command into one that runs it as the scripts' user
	 * (without their limits): how the helper itself is started
	 * @param answerTimeout how long the helper may take to answer before it is replaced
	 * @return the way, or {@code null} when there can be no helper here (the reason is
	 * logged)
	 */
	public static @Nullable Spawning throughHelper(UnaryOperator<List<String>> asScriptUser, Duration answerTimeout) {
		HelperLauncher launcher = HelperLauncher.start(asScriptUser, answerTimeout);
		return (launcher != null)
				? new Spawning(launcher::launch, launcher::close, launcher.toString(), launcher.pollsOutput()) : null;
	}

	/**
	 * Starts a program with exactly the given environment: as the server's user when
	 * {@linkplain #direct() direct}, as the scripts' user through the helper.
	 * @param command the program and its arguments
	 * @param environment the complete environment
	 * @param workingDirectory the working folder
	 * @return the running process, or {@code null} when the helper takes none now (it
	 * could not start lately or ended a moment ago, or the request is too large for its
	 * socket): nothing was started, and the caller starts it another way
	 * @throws IOException when the program cannot be started
	 */
	public @Nullable Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
			throws IOException {
		return this.launch.launch(command, environment, workingDirectory);
	}

	/**
	 * What a process started here cost, once it has exited: the kernel's figures from
	 * {@code wait4} when its launcher or helper reaped it, which cover the descendants it
	 * waited for too.
	 * @param process a process, started here or not
	 * @return user and system CPU time in microseconds and the largest resident set of any
	 * one of its processes in kilobytes, or {@code null} when there is no figure (not
	 * started here, not exited yet, or its exit was not seen)
	 */
	public long @Nullable [] cost(Process process) {
		return (process instanceof SpawnedProcess spawned) ? spawned.cost() : null;
	}

	/**
	 * Whether a virtual thread that reads the output or error of a process started here
	 * waits without holding a platform thread ({@code epoll}); otherwise its read blocks a
	 * carrier, as over any pipe.
	 * @return {@code true} when the output is polled
	 */
	public boolean pollsOutput() {
		return this.pollsOutput;
	}

	/**
	 * Stops the helper, if any: the server is stopping, and its scripts have been stopped.
	 */
	@Override
	public void close() {
		this.close.run();
	}

	@Override
	public String toString() {
		return this.name;
	}

	@FunctionalInterface
	private interface Launch {

		@Nullable Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
				throws IOException;

	}

}
