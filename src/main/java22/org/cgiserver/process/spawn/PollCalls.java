package org.cgiserver.process.spawn;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import org.cgiserver.process.spawn.helper.Posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The C library calls that wait for a pipe or a child without a thread of its own
 * ({@code epoll}, non-blocking {@code read}, {@code pidfd_open}), bound with the Foreign
 * Function &amp; Memory API. The spawn helper needs none of them, so they are not part of
 * its {@link Posix}.
 */
final class PollCalls {

	static final int EPOLLIN = 0x001;

	static final int EPOLLONESHOT = 1 << 30;

	static final int EPOLL_CTL_ADD = 1;

	static final int EPOLL_CTL_MOD = 3;

	static final int EPOLL_CLOEXEC = 02000000;

	static final int F_GETFL = 3;

	static final int F_SETFL = 4;

	static final int O_NONBLOCK = 04000;

	static final int ENOENT = 2;

	static final int EINTR = 4;

	static final int EAGAIN = 11;

	/** {@code pidfd_open}'s number, the same on every architecture (Linux 5.3+). */
	static final long SYS_PIDFD_OPEN = 434;

	/**
	 * {@code struct epoll_event}: the events, then the 64-bit data; packed on x86-64, where
	 * it is 12 bytes, aligned (16 bytes) elsewhere.
	 */
	static final long EVENT_SIZE = isX86() ? 12 : 16;

	static final long EVENT_DATA = isX86() ? 4 : 8;

	final Posix posix;

	final MethodHandle epollCreate;

	final MethodHandle epollCtl;

	final MethodHandle epollWait;

	final MethodHandle read;

	final MethodHandle syscall;

	private PollCalls(Posix posix, Linker linker, SymbolLookup c) {
		this.posix = posix;
		Linker.Option errno = Linker.Option.captureCallState("errno");
		this.epollCreate = bind(linker, c, "epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
		this.epollCtl = bind(linker, c, "epoll_ctl",
				FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), errno);
		this.epollWait = bind(linker, c, "epoll_wait",
				FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), errno);
		this.read = bind(linker, c, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
		this.syscall = bind(linker, c, "syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT),
				errno, Linker.Option.firstVariadicArg(1));
	}

	/**
	 * Binds the calls, when this system's C library has them all.
	 * @param posix the calls of spawning
	 * @return the bound calls, or empty
	 */
	static Optional<PollCalls> load(Posix posix) {
		try {
			Linker linker = Linker.nativeLinker();
			return Optional.of(new PollCalls(posix, linker, linker.defaultLookup()));
		}
		catch (IllegalStateException | UnsupportedOperationException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Makes a descriptor's reads return at once when there is nothing to read. Only this
	 * descriptor's open file changes: the child's end of a pipe is another one.
	 * @param fd the descriptor
	 * @throws IOException when it cannot be changed
	 */
	void nonBlocking(int fd) throws IOException {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment callState = Posix.callState(arena);
			int flags = (int) this.posix.fcntl.invokeExact(callState, fd, F_GETFL, 0);
			if (flags < 0 || (int) this.posix.fcntl.invokeExact(callState, fd, F_SETFL, flags | O_NONBLOCK) < 0) {
				throw this.posix.failure("Cannot make a pipe non-blocking", Posix.errno(callState));
			}
		}
		catch (IOException | RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A descriptor that becomes readable when a child exits, while the child is not yet
	 * reaped.
	 * @param pid the child
	 * @return the descriptor, or -1 when the kernel has no {@code pidfd_open} (before 5.3)
	 */
	int pidfdOpen(int pid) {
		try (Arena arena = Arena.ofConfined()) {
			long fd = (long) this.syscall.invokeExact(Posix.callState(arena), SYS_PIDFD_OPEN, pid, 0);
			return (int) Math.max(-1, fd);
		}
		catch (Throwable ex) {
			return -1;
		}
	}

	private static MethodHandle bind(Linker linker, SymbolLookup c, String name, FunctionDescriptor descriptor,
			Linker.Option... options) {
		MemorySegment address = c.find(name)
			.orElseThrow(() -> new IllegalStateException("The C library has no " + name));
		return linker.downcallHandle(address, descriptor, options);
	}

	private static boolean isX86() {
		String arch = System.getProperty("os.arch", "");
		return arch.equals("amd64") || arch.equals("x86_64");
	}

}
