package org.cgiserver.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

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
 * run by {@code /bin/sh}. Exits are reaped by one waiting thread per running script.
 *
 * <p>Only JDK types cross its surface: in an executable jar, the JDK loads the jar's
 * Java 22 part with its own class loader, which cannot see the application's classes
 * (Spring Boot's launcher reads version-specific classes only from the jar's root), so
 * {@code PreferredLauncher} adapts it to a {@code ProcessLauncher}.
 */
public final class PosixSpawnLauncher {

	private static final String SHELL = "/bin/sh";

	private static final int SIGKILL = 9;

	private static final int SIGSTOP = 19;

	private static final int LAST_STANDARD_SIGNAL = 31;

	private final Posix posix;

	private final MemorySegment noSignals;

	private final MemorySegment standardSignals;

	private final Charset fileNames;

	private final ExecutorService reapers;

	private PosixSpawnLauncher(Posix posix) {
		this.posix = posix;
		Arena signals = Arena.global();
		this.noSignals = signals.allocate(Posix.SIGNAL_SET_SIZE, 16);
		this.standardSignals = signals.allocate(Posix.SIGNAL_SET_SIZE, 16);
		try {
			check((int) posix.signalSetEmpty.invokeExact(this.noSignals), "sigemptyset");
			check((int) posix.signalSetEmpty.invokeExact(this.standardSignals), "sigemptyset");
			for (int signal = 1; signal <= LAST_STANDARD_SIGNAL; signal++) {
				if (signal != SIGKILL && signal != SIGSTOP) {
					check((int) posix.signalSetAdd.invokeExact(this.standardSignals, signal), "sigaddset");
				}
			}
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot prepare the signal sets of child processes", ex);
		}
		this.fileNames = fileNameCharset();
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
	public static @Nullable PosixSpawnLauncher ifSupported() {
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
	public Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
			throws IOException {
		int[] fds = { -1, -1, -1, -1, -1, -1 };
		List<AutoCloseable> parentEnds = new ArrayList<>(3);
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment callState = Posix.callState(arena);
			pipe(arena, callState, fds, 0);
			pipe(arena, callState, fds, 2);
			pipe(arena, callState, fds, 4);
			// Reopened while both ends of every pipe are open, so that no open can wait for the other side.
			OutputStream stdin = new FileOutputStream(descriptorPath(fds[1]));
			parentEnds.add(stdin);
			InputStream stdout = new FileInputStream(descriptorPath(fds[2]));
			parentEnds.add(stdout);
			InputStream stderr = new FileInputStream(descriptorPath(fds[4]));
			parentEnds.add(stderr);
			closeAll(fds, 1, 2, 4);
			int pid = spawn(arena, command, environment, workingDirectory, fds[0], fds[3], fds[5]);
			ProcessHandle handle = ProcessHandle.of(pid)
				.orElseThrow(() -> new IOException("Process " + pid + " vanished before it was reaped"));
			SpawnedProcess process = new SpawnedProcess(handle, new BufferedOutputStream(stdin),
					new BufferedInputStream(stdout), new BufferedInputStream(stderr));
			this.reapers.execute(() -> process.exited(reap(pid)));
			return process;
		}
		catch (IOException | RuntimeException ex) {
			for (AutoCloseable end : parentEnds) {
				closeQuietly(end);
			}
			closeAll(fds, 1, 2, 4);
			throw ex;
		}
		finally {
			closeAll(fds, 0, 3, 5);
		}
	}

	private int spawn(Arena arena, List<String> command, Map<String, String> environment, Path workingDirectory,
			int stdin, int stdout, int stderr) throws IOException {
		MemorySegment environmentBlock = strings(arena, environment.entrySet()
			.stream()
			.map((variable) -> variable.getKey() + "=" + variable.getValue())
			.toList(), Charset.defaultCharset());
		MemorySegment actions = arena.allocate(Posix.FILE_ACTIONS_SIZE, 16);
		MemorySegment attributes = arena.allocate(Posix.SPAWN_ATTRIBUTES_SIZE, 16);
		MemorySegment pid = arena.allocate(JAVA_INT);
		try {
			check((int) this.posix.fileActionsInit.invokeExact(actions), "posix_spawn_file_actions_init");
			try {
				check((int) this.posix.attributesInit.invokeExact(attributes), "posix_spawnattr_init");
				try {
					check((int) this.posix.fileActionsDup2.invokeExact(actions, stdin, 0), "adddup2");
					check((int) this.posix.fileActionsDup2.invokeExact(actions, stdout, 1), "adddup2");
					check((int) this.posix.fileActionsDup2.invokeExact(actions, stderr, 2), "adddup2");
					check((int) this.posix.fileActionsChdir.invokeExact(actions,
							arena.allocateFrom(workingDirectory.toString(), this.fileNames)), "addchdir_np");
					check((int) this.posix.fileActionsCloseFrom.invokeExact(actions, 3), "addclosefrom_np");
					check((int) this.posix.attributesSetFlags.invokeExact(attributes,
							(short) (Posix.POSIX_SPAWN_SETSIGMASK | Posix.POSIX_SPAWN_SETSIGDEF)), "setflags");
					check((int) this.posix.attributesSetSignalMask.invokeExact(attributes, this.noSignals),
							"setsigmask");
					check((int) this.posix.attributesSetSignalDefaults.invokeExact(attributes, this.standardSignals),
							"setsigdefault");
					int error = spawnp(arena, pid, actions, attributes, command, environmentBlock);
					if (error == Posix.ENOEXEC) {
						// As the JDK does: a file the kernel cannot execute is taken for a shell script.
						List<String> shell = new ArrayList<>(command.size() + 1);
						shell.add(SHELL);
						shell.addAll(command);
						error = spawnp(arena, pid, actions, attributes, shell, environmentBlock);
					}
					if (error != 0) {
						throw new IOException("Cannot run program \"" + command.get(0) + "\" (in directory \""
								+ workingDirectory + "\"): error=" + error + ", " + this.posix.describe(error));
					}
					return pid.get(JAVA_INT, 0);
				}
				finally {
					int ignored = (int) this.posix.attributesDestroy.invokeExact(attributes);
				}
			}
			finally {
				int ignored = (int) this.posix.fileActionsDestroy.invokeExact(actions);
			}
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("posix_spawnp failed", ex);
		}
	}

	private int spawnp(Arena arena, MemorySegment pid, MemorySegment actions, MemorySegment attributes,
			List<String> command, MemorySegment environmentBlock) throws Throwable {
		MemorySegment arguments = strings(arena, command, this.fileNames);
		return (int) this.posix.spawnp.invokeExact(pid, arguments.getAtIndex(ADDRESS, 0), actions, attributes,
				arguments, environmentBlock);
	}

	private int reap(int pid) {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment callState = Posix.callState(arena);
			MemorySegment status = arena.allocate(JAVA_INT);
			while (true) {
				int reaped = (int) this.posix.waitpid.invokeExact(callState, pid, status, 0);
				if (reaped == pid) {
					return exitCode(status.get(JAVA_INT, 0));
				}
				if (Posix.errno(callState) != Posix.EINTR) {
					return -1;
				}
			}
		}
		catch (Throwable ex) {
			return -1;
		}
	}

	/**
	 * An exit status as the JDK reports it: the exit code, or 128 plus the signal that ended
	 * the process.
	 */
	static int exitCode(int status) {
		int signal = status & 0x7f;
		return (signal == 0) ? (status >> 8) & 0xff : 0x80 + signal;
	}

	private void pipe(Arena arena, MemorySegment callState, int[] fds, int index) throws IOException {
		MemorySegment pair = arena.allocate(JAVA_INT, 2);
		int result;
		try {
			result = (int) this.posix.pipe2.invokeExact(callState, pair, Posix.O_CLOEXEC);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("pipe2 failed", ex);
		}
		if (result != 0) {
			throw this.posix.failure("Cannot create a pipe", Posix.errno(callState));
		}
		fds[index] = pair.getAtIndex(JAVA_INT, 0);
		fds[index + 1] = pair.getAtIndex(JAVA_INT, 1);
	}

	private static MemorySegment strings(Arena arena, List<String> values, Charset charset) {
		MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
		for (int i = 0; i < values.size(); i++) {
			array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i), charset));
		}
		array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
		return array;
	}

	private void closeAll(int[] fds, int... indexes) {
		for (int index : indexes) {
			this.posix.closeQuietly(fds[index]);
			fds[index] = -1;
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Already failing; the first error is the one reported.
		}
	}

	private static String descriptorPath(int fd) {
		return "/proc/self/fd/" + fd;
	}

	private static void check(int result, String call) {
		if (result != 0) {
			throw new IllegalStateException(call + " failed with error " + result);
		}
	}

	private static Charset fileNameCharset() {
		try {
			return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
		}
		catch (RuntimeException ex) {
			return StandardCharsets.UTF_8;
		}
	}

}
