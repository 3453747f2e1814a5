package org.cgiserver.process.spawn.helper;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One {@code posix_spawnp} call with the file actions and attributes every script gets:
 * the given descriptors as 0, 1, 2 (and up), every other descriptor closed in one
 * {@code closefrom}, the working folder, default signal handling, no blocked signals and
 * {@code no_new_privs}, so that no set-user-id program or file capability gives a script
 * more than it started with. A file the kernel cannot execute is run by {@code /bin/sh},
 * as the JDK does.
 *
 * <p>It works on C strings already laid out in memory, so that the server (from Java
 * strings) and the spawn helper (from the bytes it received) share it.
 */
public final class Spawner {

	private static final String SHELL = "/bin/sh";

	private static final int SIGKILL = 9;

	private static final int SIGSTOP = 19;

	private static final int LAST_STANDARD_SIGNAL = 31;

	private final Posix posix;

	private final MemorySegment noSignals;

	private final MemorySegment standardSignals;

	private final MemorySegment shell;

	public Spawner(Posix posix) {
		this.posix = posix;
		Arena global = Arena.global();
		this.noSignals = global.allocate(Posix.SIGNAL_SET_SIZE, 16);
		this.standardSignals = global.allocate(Posix.SIGNAL_SET_SIZE, 16);
		this.shell = global.allocateFrom(SHELL);
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
	}

	/**
	 * The charset the JDK encodes file names and arguments in.
	 * @return the charset
	 */
	public static Charset fileNames() {
		try {
			return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
		}
		catch (RuntimeException ex) {
			return StandardCharsets.UTF_8;
		}
	}

	/**
	 * An environment as the C library takes it.
	 * @param environment the variables
	 * @return each as {@code NAME=value}
	 */
	public static List<String> variables(Map<String, String> environment) {
		return environment.entrySet().stream().map((variable) -> variable.getKey() + "=" + variable.getValue()).toList();
	}

	/**
	 * Starts a program.
	 * @param arena where to allocate what the call needs
	 * @param arguments the program and its arguments, a {@code NULL}-terminated array of C
	 * strings
	 * @param argumentCount how many arguments the array holds
	 * @param environment the environment, a {@code NULL}-terminated array of C strings
	 * @param workingDirectory the working folder, a C string
	 * @param descriptors the descriptors that become the child's 0, 1, 2 and up, in order
	 * @param pid where the child's pid is written
	 * @return 0, or the error number of the failure
	 */
	public int spawn(Arena arena, MemorySegment arguments, int argumentCount, MemorySegment environment,
			MemorySegment workingDirectory, int[] descriptors, MemorySegment pid) {
		MemorySegment actions = arena.allocate(Posix.FILE_ACTIONS_SIZE, 16);
		MemorySegment attributes = arena.allocate(Posix.SPAWN_ATTRIBUTES_SIZE, 16);
		try {
			check((int) this.posix.fileActionsInit.invokeExact(actions), "posix_spawn_file_actions_init");
			try {
				check((int) this.posix.attributesInit.invokeExact(attributes), "posix_spawnattr_init");
				try {
					for (int target = 0; target < descriptors.length; target++) {
						check((int) this.posix.fileActionsDup2.invokeExact(actions, descriptors[target], target),
								"adddup2");
					}
					check((int) this.posix.fileActionsChdir.invokeExact(actions, workingDirectory), "addchdir_np");
					check((int) this.posix.fileActionsCloseFrom.invokeExact(actions, descriptors.length),
							"addclosefrom_np");
					check((int) this.posix.attributesSetFlags.invokeExact(attributes,
							(short) (Posix.POSIX_SPAWN_SETSIGMASK | Posix.POSIX_SPAWN_SETSIGDEF)), "setflags");
					check((int) this.posix.attributesSetSignalMask.invokeExact(attributes, this.noSignals),
							"setsigmask");
					check((int) this.posix.attributesSetSignalDefaults.invokeExact(attributes, this.standardSignals),
							"setsigdefault");
					// posix_spawn has no attribute for it, and the child inherits it from the
					// calling thread: set on that thread, with no blocking call in between
					// that could move a virtual thread to another carrier. It only ever
					// forbids what the server never does (gaining privileges through exec).
					check((int) this.posix.prctlAll.invokeExact(Posix.PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L),
							"prctl(PR_SET_NO_NEW_PRIVS)");
					int error = spawnp(pid, actions, attributes, arguments, environment);
					if (error == Posix.ENOEXEC) {
						error = spawnp(pid, actions, attributes, withShell(arena, arguments, argumentCount),
								environment);
					}
					return error;
				}
				finally {
					int ignored = (int) this.posix.attributesDestroy.invokeExact(attributes);
				}
			}
			finally {
				int ignored = (int) this.posix.fileActionsDestroy.invokeExact(actions);
			}
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("posix_spawnp failed", ex);
		}
	}

	private int spawnp(MemorySegment pid, MemorySegment actions, MemorySegment attributes, MemorySegment arguments,
			MemorySegment environment) throws Throwable {
		return (int) this.posix.spawnp.invokeExact(pid, arguments.getAtIndex(ADDRESS, 0), actions, attributes,
				arguments, environment);
	}

	private MemorySegment withShell(Arena arena, MemorySegment arguments, int argumentCount) {
		MemorySegment shellArguments = arena.allocate(ADDRESS, argumentCount + 2L);
		shellArguments.setAtIndex(ADDRESS, 0, this.shell);
		MemorySegment.copy(arguments, 0, shellArguments, ADDRESS.byteSize(), (argumentCount + 1L) * ADDRESS.byteSize());
		return shellArguments;
	}

	/**
	 * An exit status as the JDK reports it: the exit code, or 128 plus the signal that ended
	 * the process.
	 */
	public static int exitCode(int status) {
		int signal = status & 0x7f;
		return (signal == 0) ? (status >> 8) & 0xff : 0x80 + signal;
	}

	/**
	 * Waits for a child to exit and reaps it.
	 * @param pid the child, or -1 for any child
	 * @param status where its status is written
	 * @param usage where its resource usage is written, {@link Posix#RUSAGE_SIZE} bytes
	 * @param callState room for {@code errno}
	 * @return the pid reaped, or -1 with {@code errno} in the call state
	 */
	public int waitFor(int pid, MemorySegment status, MemorySegment usage, MemorySegment callState) throws Throwable {
		while (true) {
			int reaped = (int) this.posix.wait4.invokeExact(callState, pid, status, 0, usage);
			if (reaped != -1 || Posix.errno(callState) != Posix.EINTR) {
				return reaped;
			}
		}
	}

	/**
	 * What a reaped child cost, from the {@code struct rusage} that {@code wait4} filled:
	 * its CPU time and that of every descendant it waited for, and the largest resident
	 * set of any one of them.
	 *
	 * <p>The kernel counts in a child's largest resident set the peak memory of the process
	 * it was spawned from (this JVM, whose memory it shares until its exec), so a figure no
	 * larger than this JVM's own peak ({@code VmHWM}; not its {@code getrusage}, which
	 * holds the same for whoever spawned this JVM) may be this JVM's, not the child's: it
	 * is then unknown (-1), never this JVM's figure passed off as the script's.
	 * @param usage the {@code struct rusage}
	 * @return user time and system time in microseconds, and the largest resident set in
	 * kilobytes or -1
	 */
	public static long[] cost(MemorySegment usage) {
		long maxRss = usage.get(JAVA_LONG, Posix.RUSAGE_MAX_RSS);
		return new long[] { micros(usage, Posix.RUSAGE_USER), micros(usage, Posix.RUSAGE_SYSTEM),
				(maxRss > ownPeakKilobytes()) ? maxRss : -1 };
	}

	/**
	 * This JVM's peak resident set in kilobytes, or the largest value when unknown.
	 */
	private static long ownPeakKilobytes() {
		try (BufferedReader status = Files.newBufferedReader(Path.of("/proc/self/status"))) {
			String line;
			while ((line = status.readLine()) != null) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").strip());
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Unknown: no figure can be told from it.
		}
		return Long.MAX_VALUE;
	}

	private static long micros(MemorySegment usage, long timeval) {
		return usage.get(JAVA_LONG, timeval) * 1_000_000 + usage.get(JAVA_LONG, timeval + 8);
	}

	private static void check(int result, String call) {
		if (result != 0) {
			throw new IllegalStateException(call + " failed with error " + result);
		}
	}

}
