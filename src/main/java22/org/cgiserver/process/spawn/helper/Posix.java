package org.cgiserver.process.spawn.helper;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The C library calls that start, wait for and clean up after a child process, bound
 * with the Foreign Function &amp; Memory API. Every handle is looked up once; when the C
 * library lacks one of them (glibc before 2.34, musl), {@link #load()} finds nothing and
 * the JDK's launcher is used instead.
 *
 * <p>The server's side of spawning binds the C library through this class too, so what
 * it calls here (pipes, the helper's in-memory class file) is public.
 */
public final class Posix {

	public static final int O_CLOEXEC = 02000000;

	static final int EINTR = 4;

	static final int ENOEXEC = 8;

	static final int EAGAIN = 11;

	public static final int EINVAL = 22;

	static final int AF_UNIX = 1;

	static final int SOCK_SEQPACKET = 5;

	static final int SOL_SOCKET = 1;

	static final int SCM_RIGHTS = 1;

	static final int MSG_CTRUNC = 0x08;

	static final int MSG_TRUNC = 0x20;

	static final int MSG_CMSG_CLOEXEC = 0x40000000;

	static final int SO_RCVTIMEO = 20;

	static final int PR_SET_DUMPABLE = 4;

	static final int PR_SET_NO_NEW_PRIVS = 38;

	static final int P_ALL = 0;

	static final int WNOHANG = 1;

	static final int SHUT_RDWR = 2;

	static final int WEXITED = 4;

	static final int WNOWAIT = 0x01000000;

	/**
	 * {@code struct rusage} on 64-bit Linux: two {@code struct timeval} (user, then system
	 * time: seconds and microseconds, each a long), then longs, the first of which is the
	 * largest resident set in kilobytes.
	 */
	public static final long RUSAGE_SIZE = 144;

	static final long RUSAGE_USER = 0;

	static final long RUSAGE_SYSTEM = 16;

	static final long RUSAGE_MAX_RSS = 32;

	/** Where {@code siginfo_t} holds the pid, and how large it is, on 64-bit Linux. */
	static final long SIGINFO_PID = 16;

	static final long SIGINFO_SIZE = 128;

	public static final int MFD_CLOEXEC = 1;

	public static final int MFD_ALLOW_SEALING = 2;

	/** Linux 6.3+: the file can never be executed; older kernels refuse the flag. */
	public static final int MFD_NOEXEC_SEAL = 8;

	public static final int F_ADD_SEALS = 1033;

	/** {@code F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE}: no change ever again. */
	public static final int ALL_SEALS = 1 | 2 | 4 | 8;

	static final short POSIX_SPAWN_SETSIGDEF = 0x04;

	static final short POSIX_SPAWN_SETSIGMASK = 0x08;

	/** Generous upper bounds of glibc's opaque types (80, 336 and 128 bytes on x86-64 and arm64). */
	static final long FILE_ACTIONS_SIZE = 256;

	static final long SPAWN_ATTRIBUTES_SIZE = 512;

	static final long SIGNAL_SET_SIZE = 256;

	private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

	private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

	public final MethodHandle pipe2;

	final MethodHandle close;

	/** {@code wait4}: {@code waitpid} that also gives the reaped child's resource usage. */
	final MethodHandle wait4;

	final MethodHandle strerror;

	final MethodHandle fileActionsInit;

	final MethodHandle fileActionsDestroy;

	final MethodHandle fileActionsDup2;

	final MethodHandle fileActionsChdir;

	final MethodHandle fileActionsCloseFrom;

	final MethodHandle attributesInit;

	final MethodHandle attributesDestroy;

	final MethodHandle attributesSetFlags;

	final MethodHandle attributesSetSignalMask;

	final MethodHandle attributesSetSignalDefaults;

	final MethodHandle signalSetEmpty;

	final MethodHandle signalSetAdd;

	final MethodHandle spawnp;

	final MethodHandle socketpair;

	final MethodHandle sendmsg;

	final MethodHandle recvmsg;

	final MethodHandle prctl;

	/** {@code prctl} with every argument, as the calls that refuse stray ones need. */
	final MethodHandle prctlAll;

	final MethodHandle open;

	final MethodHandle setsockopt;

	final MethodHandle shutdown;

	final MethodHandle waitid;

	public final MethodHandle memfdCreate;

	public final MethodHandle fcntl;

	private Posix(Linker linker, SymbolLookup c) {
		Linker.Option errno = Linker.Option.captureCallState("errno");
		this.pipe2 = bind(linker, c, "pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
		this.close = bind(linker, c, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
		this.wait4 = bind(linker, c, "wait4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS),
				errno);
		this.strerror = bind(linker, c, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
		this.fileActionsInit = bind(linker, c, "posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
		this.fileActionsDestroy = bind(linker, c, "posix_spawn_file_actions_destroy",
				FunctionDescriptor.of(JAVA_INT, ADDRESS));
		this.fileActionsDup2 = bind(linker, c, "posix_spawn_file_actions_adddup2",
				FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
		this.fileActionsChdir = bind(linker, c, "posix_spawn_file_actions_addchdir_np",
				FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
		this.fileActionsCloseFrom = bind(linker, c, "posix_spawn_file_actions_addclosefrom_np",
				FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
		this.attributesInit = bind(linker, c, "posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
		this.attributesDestroy = bind(linker, c, "posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
		this.attributesSetFlags = bind(linker, c, "posix_spawnattr_setflags",
				FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
		this.attributesSetSignalMask = bind(linker, c, "posix_spawnattr_setsigmask",
				FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
		this.attributesSetSignalDefaults = bind(linker, c, "posix_spawnattr_setsigdefault",
				FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
		this.signalSetEmpty = bind(linker, c, "sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
		this.signalSetAdd = bind(linker, c, "sigaddset", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
		this.spawnp = bind(linker, c, "posix_spawnp",
				FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
		this.socketpair = bind(linker, c, "socketpair",
				FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), errno);
		this.sendmsg = bind(linker, c, "sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), errno);
		this.recvmsg = bind(linker, c, "recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), errno);
		this.open = bind(linker, c, "open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
		this.prctl = bind(linker, c, "prctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG),
				Linker.Option.firstVariadicArg(1));
		this.prctlAll = bind(linker, c, "prctl",
				FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
				Linker.Option.firstVariadicArg(1));
		this.setsockopt = bind(linker, c, "setsockopt",
				FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
		this.shutdown = bind(linker, c, "shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
		this.waitid = bind(linker, c, "waitid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
				errno);
		this.memfdCreate = bind(linker, c, "memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
		this.fcntl = bind(linker, c, "fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno,
				Linker.Option.firstVariadicArg(2));
	}

	/**
	 * Binds the calls, when this is Linux and its C library has them all.
	 * @return the bound calls, or empty
	 */
	public static Optional<Posix> load() {
		if (!System.getProperty("os.name", "").startsWith("Linux")) {
			return Optional.empty();
		}
		try {
			Linker linker = Linker.nativeLinker();
			return Optional.of(new Posix(linker, linker.defaultLookup()));
		}
		catch (MissingSymbolException | UnsupportedOperationException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Room for the {@code errno} a call leaves behind.
	 * @param arena the arena to allocate in
	 * @return the segment to pass as a call's first argument
	 */
	public static MemorySegment callState(Arena arena) {
		return arena.allocate(CALL_STATE);
	}

	/**
	 * The {@code errno} a call left behind.
	 * @param callState the call's first argument
	 * @return the error number
	 */
	public static int errno(MemorySegment callState) {
		return (int) ERRNO.get(callState, 0L);
	}

	/**
	 * The C library's text for an error number, as the JDK puts it in its messages.
	 * @param error the error number
	 * @return the text, such as {@code Permission denied}
	 */
	public String describe(int error) {
		try {
			MemorySegment text = (MemorySegment) this.strerror.invokeExact(error);
			return text.reinterpret(1024).getString(0);
		}
		catch (Throwable ex) {
			return "error " + error;
		}
	}

	/**
	 * A failed call, worded as the JDK words it.
	 * @param what what failed
	 * @param error the error number
	 * @return the exception
	 */
	public IOException failure(String what, int error) {
		return new IOException(what + ": error=" + error + ", " + describe(error));
	}

	/**
	 * Closes a descriptor, if any, ignoring any failure.
	 * @param fd the descriptor, -1 for none
	 */
	public void closeQuietly(int fd) {
		if (fd >= 0) {
			try {
				int ignored = (int) this.close.invokeExact(fd);
			}
			catch (Throwable ex) {
				// Nothing else to do with a descriptor that cannot be closed.
			}
		}
	}

	private static MethodHandle bind(Linker linker, SymbolLookup c, String name, FunctionDescriptor descriptor,
			Linker.Option... options) {
		MemorySegment address = c.find(name).orElseThrow(() -> new MissingSymbolException(name));
		return linker.downcallHandle(address, descriptor, options);
	}

	private static final class MissingSymbolException extends RuntimeException {

		MissingSymbolException(String name) {
			super(name);
		}

	}

}
