package org.cgiserver.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.jspecify.annotations.Nullable;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * One running helper: the socket to it, and the requests and children it has not
 * answered for yet.
 */
final class HelperConnection {

	/**
	 * What the helper answered to a request.
	 *
	 * @param pid the child's pid
	 * @param error 0, or the error number that kept it from starting
	 * @param exit completes with the child's exit code
	 */
	record Started(int pid, int error, CompletableFuture<Integer> exit) {

	}

	private static final System.Logger logger = System.getLogger(HelperConnection.class.getName());

	private final PacketSocket socket;

	private final int pid;

	private final CompletableFuture<Integer> ready = new CompletableFuture<>();

	private final Map<Integer, CompletableFuture<Started>> pending = new ConcurrentHashMap<>();

	private final Map<Integer, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();

	private volatile boolean open = true;

	private final Duration answerTimeout;

	private final ReadWriteLock closing = new ReentrantReadWriteLock();

	HelperConnection(PacketSocket socket, int pid, Duration answerTimeout) {
		this.socket = socket;
		this.pid = pid;
		this.answerTimeout = answerTimeout;
		Thread reader = new Thread(null, this::read, "cgi-spawn-helper-" + pid, 256 * 1024);
		reader.setDaemon(true);
		reader.start();
	}

	CompletableFuture<Integer> ready() {
		return this.ready;
	}

	boolean isOpen() {
		return this.open;
	}

	/**
	 * Has the helper start a request's child.
	 * @param request the request
	 * @param pipes the child's standard input, output and error
	 * @return the helper's answer
	 * @throws Unreachable when the request never reached the helper, which then started
	 * nothing
	 * @throws IOException when the helper did not answer
	 */
	Started start(MemorySegment request, int[] pipes) throws IOException {
		int id = request.get(JAVA_INT, 0);
		CompletableFuture<Started> answer = new CompletableFuture<>();
		this.pending.put(id, answer);
		try {
			send(request, pipes);
			return answer.get(this.answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while the spawn helper started a script");
		}
		catch (ExecutionException ex) {
			throw new IOException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			logger.log(Level.WARNING, "The spawn helper (pid " + this.pid + ") did not answer within "
					+ this.answerTimeout.toSeconds() + " s; it is stopped and another one started");
			stop();
			throw new IOException("The spawn helper did not answer");
		}
		finally {
			this.pending.remove(id);
		}
	}

	/**
	 * The handle of a child the helper reported, when it is the helper's child.
	 */
	ProcessHandle childHandle(int child) {
		ProcessHandle handle = ProcessHandle.of(child).orElse(null);
		if (handle == null || handle.parent().map(ProcessHandle::pid).orElse(-1L) != this.pid) {
			// Reaped already, or not the helper's child: not to be signalled.
			return new ExitedProcessHandle(child);
		}
		return handle;
	}

	/**
	 * Stops the helper; its reader then sees the socket close.
	 */
	void stop() {
		this.open = false;
		ProcessHandle.of(this.pid).ifPresent(ProcessHandle::destroyForcibly);
	}

	private void send(MemorySegment request, int[] pipes) throws IOException {
		// Under a shared lock, so that the socket's descriptor is not closed, and reused,
		// while a request is being sent on it.
		Lock sending = this.closing.readLock();
		sending.lock();
		try {
			if (!this.open) {
				throw new Unreachable("The spawn helper (pid " + this.pid + ") has ended", null);
			}
			this.socket.send(request, pipes);
		}
		catch (Unreachable ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw new Unreachable(ex.getMessage(), ex);
		}
		finally {
			sending.unlock();
		}
	}

	private void read() {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment reply = arena.allocate(64);
			int[] descriptors = new int[PacketSocket.MAX_DESCRIPTORS];
			while (true) {
				long length = this.socket.receive(reply, descriptors);
				this.socket.closeAll(descriptors);
				if (length != HelperProtocol.REPLY_SIZE) {
					return;
				}
				dispatch(reply.get(JAVA_INT, 0), reply.get(JAVA_INT, 4), reply.get(JAVA_INT, 8));
			}
		}
		catch (IOException | RuntimeException ex) {
			// Ended like a closed socket.
		}
		finally {
			ended();
		}
	}

	private void dispatch(int kind, int first, int second) {
		switch (kind) {
			case HelperProtocol.READY -> this.ready.complete(first);
			case HelperProtocol.STARTED -> {
				// Registered here, before any later message is read, so that its exit is not missed.
				CompletableFuture<Integer> exit = new CompletableFuture<>();
				this.exits.put(second, exit);
				complete(first, new Started(second, 0, exit));
			}
			case HelperProtocol.FAILED -> complete(first, new Started(-1, second, new CompletableFuture<>()));
			case HelperProtocol.EXITED -> {
				CompletableFuture<Integer> exit = this.exits.remove(first);
				if (exit != null) {
					exit.complete(Spawner.exitCode(second));
				}
			}
			default -> {
			}
		}
	}

	private void complete(int id, Started started) {
		CompletableFuture<Started> answer = this.pending.get(id);
		if (answer != null) {
			answer.complete(started);
		}
	}

	private void ended() {
		boolean wasOpen = this.open && this.ready.isDone();
		Lock closed = this.closing.writeLock();
		closed.lock();
		try {
			this.open = false;
			this.socket.close();
		}
		finally {
			closed.unlock();
		}
		IOException gone = new IOException("The spawn helper (pid " + this.pid + ") ended");
		this.ready.completeExceptionally(gone);
		this.pending.values().forEach((answer) -> answer.completeExceptionally(gone));
		if (wasOpen) {
			logger.log(Level.WARNING, "The spawn helper (pid " + this.pid + ") ended with " + this.exits.size()
					+ " script(s) running, whose exit codes are lost; the next script starts another");
		}
		this.exits.forEach((child, exit) -> ProcessHandle.of(child)
			.map(ProcessHandle::onExit)
			.orElse(CompletableFuture.completedFuture(null))
			.thenRun(() -> exit.complete(-1)));
		this.exits.clear();
	}

	/**
	 * A request that never reached the helper.
	 */
	static final class Unreachable extends IOException {

		Unreachable(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
