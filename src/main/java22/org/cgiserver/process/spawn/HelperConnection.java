package org.cgiserver.process.spawn;

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

import org.cgiserver.process.spawn.helper.HelperProtocol;
import org.cgiserver.process.spawn.helper.PacketSocket;
import org.cgiserver.process.spawn.helper.Posix;
import org.cgiserver.process.spawn.helper.Spawner;

/**
 * One running helper: the socket to it, and the requests and children it has not
 * answered for yet. While children run, a helper that has been silent for a tenth of the
 * answer timeout is pinged, and one that does not answer within the timeout (stopped by
 * a script, say) is killed: its children's exits are then taken from the system, so that
 * no script waits for an exit report that never comes.
 */
final class HelperConnection {

	/**
	 * A child the helper started.
	 *
	 * @param child the child, or a handle that signals nothing when it is not the
	 * helper's child
	 * @param exit completes with the child's exit
	 */
	record Started(ProcessHandle child, CompletableFuture<SpawnedProcess.Exit> exit) {

	}

	private static final System.Logger logger = System.getLogger(HelperConnection.class.getName());

	private final PacketSocket socket;

	private final ProcessHandle helper;

	private final Duration answerTimeout;

	private final long quietNanos;

	private final CompletableFuture<Integer> ready = new CompletableFuture<>();

	private final Map<Integer, CompletableFuture<Started>> pending = new ConcurrentHashMap<>();

	private final Map<Integer, Started> running = new ConcurrentHashMap<>();

	private final ReadWriteLock closing = new ReentrantReadWriteLock();

	private volatile boolean open = true;

	/** Whether the socket's descriptor is closed; guarded by {@link #closing}. */
	private boolean socketClosed;

	/** When the helper was last heard from; the reader's own. */
	private long heardAt = System.nanoTime();

	/** When the unanswered ping was sent, 0 for none; the reader's own. */
	private long pingedAt;

	/**
	 * Follows a helper.
	 * @param socket the server's end of the helper's socket, with a receive timeout of
	 * {@code quiet}
	 * @param helper the helper, taken before it could be reaped
	 * @param answerTimeout how long the helper may take to answer
	 * @param quiet how long the helper may be silent, while children run, before it is
	 * pinged
	 */
	HelperConnection(PacketSocket socket, ProcessHandle helper, Duration answerTimeout, Duration quiet) {
		this.socket = socket;
		this.helper = helper;
		this.answerTimeout = answerTimeout;
		this.quietNanos = quiet.toNanos();
		Thread reader = new Thread(null, this::read, "cgi-spawn-helper-" + helper.pid(), 256 * 1024);
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
	 * @return the started child
	 * @throws UnreachableHelperException when the request never reached the helper, which
	 * then started nothing
	 * @throws SpawnFailedException when the helper could not start the program
	 * @throws IOException when the helper did not answer
	 */
	Started start(MemorySegment request, int[] pipes) throws IOException {
		int id = HelperProtocol.id(request);
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
			throw (ex.getCause() instanceof IOException failure) ? failure : new IOException(ex.getCause());
		}
		catch (TimeoutException ex) {
			notAnswering("to start a script");
			throw new IOException("The spawn helper did not answer");
		}
		finally {
			this.pending.remove(id);
		}
	}

	/**
	 * Stops the helper; its reader then sees the socket close.
	 */
	void stop() {
		this.open = false;
		this.helper.destroyForcibly();
		// Whoever else might hold the helper's end, the reader sees the end now.
		Lock using = this.closing.readLock();
		using.lock();
		try {
			if (!this.socketClosed) {
				this.socket.shutdown();
			}
		}
		finally {
			using.unlock();
		}
	}

	private void notAnswering(String what) {
		logger.log(Level.WARNING, "The spawn helper (pid " + this.helper.pid() + ") did not answer " + what
				+ " within " + this.answerTimeout.toSeconds() + " s; it is stopped and the next script starts another"
				+ (this.running.isEmpty() ? "" : ", and the exit codes of the " + this.running.size()
						+ " script(s) it started are lost"));
		stop();
	}

	private void send(MemorySegment message, int... pipes) throws IOException {
		// Under a shared lock, so that the socket's descriptor is not closed, and reused,
		// while a message is being sent on it.
		Lock sending = this.closing.readLock();
		sending.lock();
		try {
			if (!this.open) {
				throw new UnreachableHelperException("The spawn helper (pid " + this.helper.pid() + ") has ended",
						null);
			}
			this.socket.send(message, pipes);
		}
		catch (UnreachableHelperException ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw new UnreachableHelperException(ex.getMessage(), ex);
		}
		finally {
			sending.unlock();
		}
	}

	private void read() {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment buffer = arena.allocate(64);
			int[] descriptors = new int[PacketSocket.MAX_DESCRIPTORS];
			while (true) {
				long length = this.socket.receive(buffer, descriptors);
				this.socket.closeAll(descriptors);
				if (length == PacketSocket.TIMED_OUT) {
					watch();
					continue;
				}
				HelperProtocol.Reply received = HelperProtocol.Reply.read(buffer, length);
				if (received == null) {
					return;
				}
				this.heardAt = System.nanoTime();
				this.pingedAt = 0;
				dispatch(received);
			}
		}
		catch (IOException | RuntimeException ex) {
			// Ended like a closed socket.
		}
		finally {
			ended();
		}
	}

	private void watch() {
		long now = System.nanoTime();
		if (this.pingedAt != 0) {
			if (now - this.pingedAt >= this.answerTimeout.toNanos() && this.open) {
				notAnswering("a ping");
			}
		}
		else if (!this.running.isEmpty() && now - this.heardAt >= this.quietNanos) {
			this.pingedAt = now;
			try (Arena arena = Arena.ofConfined()) {
				send(HelperProtocol.ping(arena, 0));
			}
			catch (IOException ex) {
				// The helper is gone: the next receive sees the socket close.
			}
		}
	}

	private void dispatch(HelperProtocol.Reply reply) {
		int first = reply.first();
		int second = reply.second();
		switch (reply.kind()) {
			case HelperProtocol.READY -> this.ready.complete(first);
			case HelperProtocol.STARTED -> started(first, second);
			case HelperProtocol.FAILED -> {
				CompletableFuture<Started> answer = this.pending.get(first);
				if (answer != null) {
					answer.completeExceptionally(new SpawnFailedException((second > 0) ? second : Posix.EINVAL));
				}
			}
			case HelperProtocol.EXITED -> {
				Started child = this.running.remove(first);
				if (child != null) {
					child.exit().complete(new SpawnedProcess.Exit(Spawner.exitCode(second), reply.cost()));
				}
			}
			default -> {
				// PONG: being heard from is all it says.
			}
		}
	}

	private void started(int id, int pid) {
		CompletableFuture<Started> answer = this.pending.get(id);
		if (answer == null) {
			// Its request gave up waiting and stopped the helper: nothing would watch it.
			childHandle(pid).destroyForcibly();
			return;
		}
		if (pid <= 0) {
			answer.completeExceptionally(new IOException("The spawn helper reported pid " + pid));
			return;
		}
		Started child = new Started(childHandle(pid), new CompletableFuture<>());
		// Registered here, before any later message is read, so that its exit is not missed.
		this.running.put(pid, child);
		answer.complete(child);
	}

	/**
	 * The handle of a child the helper reported, when it is the helper's child.
	 */
	private ProcessHandle childHandle(int child) {
		ProcessHandle handle = ProcessHandle.of(child).orElse(null);
		if (handle == null || handle.parent().map(ProcessHandle::pid).orElse(-1L) != this.helper.pid()) {
			// Reaped already, or not the helper's child: not to be signalled.
			return new ExitedProcessHandle(child);
		}
		return handle;
	}

	private void ended() {
		boolean unexpected = this.open && this.ready.isDone();
		Lock closed = this.closing.writeLock();
		closed.lock();
		try {
			this.open = false;
			this.socketClosed = true;
			this.socket.close();
		}
		finally {
			closed.unlock();
		}
		IOException gone = new IOException("The spawn helper (pid " + this.helper.pid() + ") ended");
		this.ready.completeExceptionally(gone);
		this.pending.values().forEach((answer) -> answer.completeExceptionally(gone));
		if (unexpected) {
			logger.log(Level.WARNING, "The spawn helper (pid " + this.helper.pid() + ") ended with "
					+ this.running.size() + " script(s) running, whose exit codes are lost; the next script starts "
					+ "another");
		}
		// Their new parent reaps them, and the JDK notices that for a process not its own child.
		this.running.values().forEach((child) -> child.child().onExit().thenRun(() -> child.exit().complete(SpawnedProcess.Exit.UNKNOWN)));
		this.running.clear();
	}

}
