package org.cgiserver.process.spawn.helper;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The spawn helper: a small JVM of its own that a server running as root starts once,
 * through {@code setpriv}, as the user scripts run as. It starts every script for the
 * server, so that no script pays an exec of {@code setpriv} of its own: each script is the
 * helper's child and has the helper's ids, with no supplementary groups and no way back
 * to root.
 *
 * <p>It reads requests from its socket to the server ({@link HelperProtocol}), answers each
 * with the child's pid or the error, and reports every exit. It gives up its ability to be traced
 * or dumped by the scripts, which share its user, and ends when the server closes the
 * socket. It has nothing of the server's but that socket, the pipes it is handed, a copy
 * of its own classes (this package, which uses nothing but the JDK) and a pipe for its
 * error messages.
 */
public final class SpawnHelper {

	private final Posix posix;

	private final Spawner spawner;

	private final PacketSocket server;

	private final Semaphore children = new Semaphore(0);

	private final Object replies = new Object();

	private SpawnHelper(Posix posix) {
		this.posix = posix;
		this.spawner = new Spawner(posix);
		this.server = new PacketSocket(posix, HelperProtocol.SOCKET_FD);
	}

	/**
	 * Serves the server on its socket until the server closes it.
	 * @param arguments none
	 */
	public static void main(String[] arguments) {
		Posix posix = Posix.load().orElse(null);
		if (posix == null) {
			System.err.println("cgiserver spawn helper: this C library lacks posix_spawn's file actions");
			System.exit(2);
		}
		try {
			if ((int) posix.prctl.invokeExact(Posix.PR_SET_DUMPABLE, 0L) != 0) {
				System.err.println("cgiserver spawn helper: cannot make itself undumpable, so the scripts could trace it");
				System.exit(1);
			}
			if (traced()) {
				System.err.println("cgiserver spawn helper: something traces it since before it was undumpable");
				System.exit(1);
			}
			new SpawnHelper(posix).serve();
		}
		catch (Throwable ex) {
			System.err.println("cgiserver spawn helper: " + ex);
			System.exit(1);
		}
		System.exit(0);
	}

	/**
	 * Whether a tracer attached in the moment before the helper made itself undumpable.
	 */
	private static boolean traced() throws IOException {
		return Files.readAllLines(Path.of("/proc/self/status"))
			.stream()
			.filter((line) -> line.startsWith("TracerPid:"))
			.anyMatch((line) -> !line.substring("TracerPid:".length()).strip().equals("0"));
	}

	private void serve() throws IOException {
		Thread reaper = new Thread(null, this::reap, "reaper", 256 * 1024);
		reaper.setDaemon(true);
		reaper.start();
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment message = arena.allocate(HelperProtocol.MAX_REQUEST_SIZE);
			MemorySegment reply = arena.allocate(HelperProtocol.REPLY_SIZE, 8);
			MemorySegment pid = arena.allocate(JAVA_INT);
			int[] pipes = new int[PacketSocket.MAX_DESCRIPTORS];
			reply(reply, HelperProtocol.READY, (int) ProcessHandle.current().pid(), 0);
			while (true) {
				long length = this.server.receive(message, pipes);
				if (length == 0) {
					return;
				}
				if (HelperProtocol.isPing(message, length)) {
					reply(reply, HelperProtocol.PONG, HelperProtocol.id(message), 0);
					this.server.closeAll(pipes);
					continue;
				}
				try (Arena call = Arena.ofConfined()) {
					HelperProtocol.Request request = HelperProtocol.Request.read(call, message, length);
					if (request == null || !HelperProtocol.carriesPipes(pipes)) {
						reply(reply, HelperProtocol.FAILED, (request != null) ? request.id() : -1, Posix.EINVAL);
						continue;
					}
					synchronized (this.replies) {
						// Under the lock that exit reports take, so that a child's start is
						// reported before its exit.
						int error = this.spawner.spawn(call, request.arguments(), request.argumentCount(),
								request.environment(), request.workingDirectory(),
								Arrays.copyOf(pipes, HelperProtocol.PIPES), pid);
						if (error == 0) {
							this.children.release();
							reply(reply, HelperProtocol.STARTED, request.id(), pid.get(JAVA_INT, 0));
						}
						else {
							reply(reply, HelperProtocol.FAILED, request.id(), error);
						}
					}
				}
				finally {
					this.server.closeAll(pipes);
				}
			}
		}
	}

	private void reap() {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment status = arena.allocate(JAVA_INT);
			MemorySegment exited = arena.allocate(Posix.SIGINFO_SIZE, 8);
			MemorySegment usage = arena.allocate(Posix.RUSAGE_SIZE, 8);
			MemorySegment callState = Posix.callState(arena);
			MemorySegment reply = arena.allocate(HelperProtocol.REPLY_SIZE, 8);
			while (true) {
				this.children.acquire();
				int pid = nextExit(exited, callState);
				synchronized (this.replies) {
					// Reaped only under the lock that starts take: until the exit is reported,
					// no new child can get its pid and be reported first.
					int reaped = (int) this.posix.wait4.invokeExact(callState, pid, status, Posix.WNOHANG, usage);
					if (reaped == pid) {
						this.server.send(HelperProtocol.Reply.write(reply, HelperProtocol.EXITED, pid,
								status.get(JAVA_INT, 0), Spawner.cost(usage)));
					}
					else {
						// The child of a spawn that failed, which the C library reaped itself:
						// not one of the children counted.
						this.children.release();
					}
				}
			}
		}
		catch (Throwable ex) {
			// The server is gone, or the helper is broken: either way it ends.
			System.err.println("cgiserver spawn helper: " + ex);
			System.exit(1);
		}
	}

	/**
	 * Waits for a child to exit, leaving it unreaped.
	 */
	private int nextExit(MemorySegment exited, MemorySegment callState) throws Throwable {
		while (true) {
			int result = (int) this.posix.waitid.invokeExact(callState, Posix.P_ALL, 0, exited,
					Posix.WEXITED | Posix.WNOWAIT);
			if (result == 0) {
				return exited.get(JAVA_INT, Posix.SIGINFO_PID);
			}
			if (Posix.errno(callState) != Posix.EINTR) {
				throw this.posix.failure("waitid", Posix.errno(callState));
			}
		}
	}

	private void reply(MemorySegment reply, int kind, int first, int second) throws IOException {
		this.server.send(HelperProtocol.Reply.write(reply, kind, first, second, null));
	}

}
