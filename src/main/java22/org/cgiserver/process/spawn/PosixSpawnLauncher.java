package org.cgiserver.process.spawn;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.spawn.helper.Posix;
import org.cgiserver.process.spawn.helper.Spawner;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Starts scripts with the C library's {@code posix_spawnp}, called through the Foreign
 * Function &amp; Memory API (JDK 22+, the Java 22 part of the multi-release jar).
 *
 * <p>Why not {@link ProcessBuilder}: the JDK's child lists {@code /proc/self/fd} and closes
 * the server's descriptors one by one before every exec, so each open jar and socket costs
 * every spawn; here one {@code closefrom} file action closes them all. The child gets what
 * the JDK's would: the three pipes, the working folder, exactly the given environment,
 * default signal handling and no blocked signals, and a file without a {@code #!} line is
 * run by {@code /bin/sh}.
 *
 * <p>Exits are watched by the {@link ReadinessPoller} through a {@code pidfd} (Linux 5.3+),
 * and the exited child is reaped on a thread of the reapers, so a script that runs for
 * hours holds no thread; on older kernels one reaper thread waits for each running script.
 * The same poller lets virtual threads read the scripts' output ({@link ChildPipes}).
 */
final class PosixSpawnLauncher {

	private final Posix posix;

	private final Spawner spawner;

	private final Charset fileNames;

	private final ExecutorService reapers;

	private final @Nullable ReadinessPoller poller;

	PosixSpawnLauncher(Posix posix) {
		this.posix = posix;
		this.poller = PollCalls.load(posix).map(ReadinessPoller::new).orElse(null);
		this.spawner = new Spawner(posix);
		this.fileNames = Spawner.fileNames();
		AtomicInteger threads = new AtomicInteger();
		this.reapers = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(null, task, "cgi-reaper-" + threads.incrementAndGet(), 256 * 1024);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * The launcher, when this system's C library has every call it needs.
	 * @return the launcher, or {@code null} when {@link ProcessBuilder} is to be used
	 */
	static @Nullable PosixSpawnLauncher ifSupported() {
		return Posix.load().map(PosixSpawnLauncher::new).orElse(null);
	}

	/**
	 * Starts a process with exactly the given environment, as {@link ProcessBuilder} would.
	 * @param command the program and its arguments
	 * @param environment the complete environment
	 * @param workingDirectory the working folder
	 * @return the running process
	 * @throws IOException when the program cannot be started
	 */
	Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
			throws IOException {
		ChildPipes pipes = ChildPipes.open(this.posix, this.poller);
		try (pipes) {
			return start(command, environment, workingDirectory, pipes);
		}
		catch (IOException | RuntimeException ex) {
			pipes.closeServerEnds();
			throw ex;
		}
	}

	/**
	 * Starts a process on given pipes, and reaps it once it exits.
	 * @param command the program and its arguments
	 * @param environment the complete environment
	 * @param workingDirectory the working folder
	 * @param pipes the pipes; the caller closes them
	 * @return the running process
	 * @throws IOException when the program cannot be started
	 */
	Process start(List<String> command, Map<String, String> environment, Path workingDirectory, ChildPipes pipes)
			throws IOException {
		int pid = spawn(command, environment, workingDirectory, pipes.childEnds());
		ProcessHandle handle = ProcessHandle.of(pid)
			.orElseThrow(() -> new IOException("Process " + pid + " vanished before it was reaped"));
		SpawnedProcess process = new SpawnedProcess(handle, pipes.stdin(), pipes.stdout(), pipes.stderr());
		reapLater(pid, process::exited);
		return process;
	}

	/**
	 * Starts a program with the given descriptors as its 0, 1, 2 and up.
	 * @param command the program and its arguments
	 * @param environment the complete environment
	 * @param workingDirectory the working folder
	 * @param descriptors the child's descriptors
	 * @return the child's pid; the caller reaps it
	 * @throws IOException when the program cannot be started
	 */
	int spawn(List<String> command, Map<String, String> environment, Path workingDirectory, int[] descriptors)
			throws IOException {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment environmentBlock = strings(arena, Spawner.variables(environment), Charset.defaultCharset());
			MemorySegment pid = arena.allocate(JAVA_INT);
			int error = this.spawner.spawn(arena, strings(arena, command, this.fileNames), command.size(),
					environmentBlock, arena.allocateFrom(workingDirectory.toString(), this.fileNames), descriptors,
					pid);
			if (error != 0) {
				throw cannotRun(command.get(0), workingDirectory.toString(), error);
			}
			return pid.get(JAVA_INT, 0);
		}
	}

	/**
	 * The failure to start a program, worded as the JDK words it.
	 * @param program the program
	 * @param workingDirectory the working folder
	 * @param error the error number
	 * @return the exception
	 */
	IOException cannotRun(String program, String workingDirectory, int error) {
		return new IOException("Cannot run program \"" + program + "\" (in directory \"" + workingDirectory
				+ "\"): error=" + error + ", " + this.posix.describe(error));
	}

	/**
	 * Reaps a child once it exits.
	 * @param pid the child
	 * @param exited given the child's exit
	 */
	void reapLater(int pid, Consumer<SpawnedProcess.Exit> exited) {
		ReadinessPoller poller = this.poller;
		int pidfd = (poller != null) ? poller.calls().pidfdOpen(pid) : -1;
		if (poller != null && pidfd >= 0) {
			try {
				Runnable reaped = () -> {
					poller.forget(pidfd);
					this.posix.closeQuietly(pidfd);
					exited.accept(reap(pid));
				};
				poller.whenReadable(pidfd, () -> {
					try {
						this.reapers.execute(reaped);
					}
					catch (RuntimeException | OutOfMemoryError ex) {
						// No thread to hand on to: the child has exited, so its reaping does not wait.
						reaped.run();
					}
				});
				return;
			}
			catch (IOException | RuntimeException ex) {
				this.posix.closeQuietly(pidfd);
			}
		}
		this.reapers.execute(() -> exited.accept(reap(pid)));
	}

	/**
	 * What lets virtual threads wait for a child's output without a thread of their own.
	 * @return the poller, or {@code null} when this C library cannot
	 */
	@Nullable ReadinessPoller poller() {
		return this.poller;
	}

	private SpawnedProcess.Exit reap(int pid) {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment status = arena.allocate(JAVA_INT);
			MemorySegment usage = arena.allocate(Posix.RUSAGE_SIZE, 8);
			int reaped = this.spawner.waitFor(pid, status, usage, Posix.callState(arena));
			return (reaped == pid) ? new SpawnedProcess.Exit(Spawner.exitCode(status.get(JAVA_INT, 0)), Spawner.cost(usage))
					: SpawnedProcess.Exit.UNKNOWN;
		}
		catch (Throwable ex) {
			return SpawnedProcess.Exit.UNKNOWN;
		}
	}

	private static MemorySegment strings(Arena arena, List<String> values, Charset charset) {
		MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
		for (int i = 0; i < values.size(); i++) {
			array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i), charset));
		}
		array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
		return array;
	}

	@Override
	public String toString() {
		return "posix_spawn";
	}

}
