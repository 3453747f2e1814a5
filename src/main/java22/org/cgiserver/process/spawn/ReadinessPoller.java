package org.cgiserver.process.spawn;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.spawn.helper.Posix;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * One thread that waits, with {@code epoll}, for any number of descriptors to become
 * readable (a pipe with output, a child that exited), and runs the action each one was
 * given, once. So a run that waits a long time for its script (a WebSocket session that
 * is idle) holds no thread of its own. Actions run on this one thread: they only hand on
 * (wake a waiting thread, or submit work elsewhere).
 *
 * <p>Each wait is known to epoll by a number of its own, not by its descriptor's: a
 * descriptor closed and its number reused by another file while an event for the old one
 * is on its way must not run the new one's action.
 *
 * <p>The thread starts with the first wait, and is a daemon: nothing waits for it.
 */
final class ReadinessPoller {

	private static final System.Logger logger = System.getLogger(ReadinessPoller.class.getName());

	private static final int EVENTS = 64;

	private final PollCalls calls;

	/** The actions of the waits under way, by the number epoll knows each wait by. */
	private final Map<Long, Runnable> waiting = new ConcurrentHashMap<>();

	/** The wait under way (or the last one) of each descriptor known to epoll, which a later wait re-arms. */
	private final Map<Integer, Long> registered = new ConcurrentHashMap<>();

	private final AtomicLong waits = new AtomicLong();

	private final Object starting = new Object();

	private volatile int epoll = -1;

	private volatile boolean broken;

	ReadinessPoller(PollCalls calls) {
		this.calls = calls;
	}

	PollCalls calls() {
		return this.calls;
	}

	/**
	 * Runs an action once the descriptor is readable (or at its end, or in error). The
	 * action never runs when this throws.
	 * @param fd the descriptor, which stays open until {@link #forget} is called for it
	 * @param action what to do then, quickly, on the poller's thread
	 * @throws IOException when the descriptor cannot be watched
	 */
	void whenReadable(int fd, Runnable action) throws IOException {
		int epoll = started();
		long wait = this.waits.incrementAndGet();
		// Known before epoll can report it; an event of an earlier wait carries another number.
		this.waiting.put(wait, action);
		if (this.broken) {
			if (this.waiting.remove(wait) != null) {
				throw new IOException("The wait for scripts' pipes ended");
			}
			// The ending poller took the action and runs it: the waiter learns of the end then.
			return;
		}
		Long previous = this.registered.put(fd, wait);
		boolean known = previous != null;
		if (known) {
			// Re-armed: the earlier wait's action, if it never ran, is replaced.
			this.waiting.remove(previous);
		}
		boolean armed = false;
		try {
			int error = control(epoll, known ? PollCalls.EPOLL_CTL_MOD : PollCalls.EPOLL_CTL_ADD, fd, wait);
			if (error == PollCalls.ENOENT && known) {
				// Closed and its number reused without being forgotten: a new descriptor to epoll.
				error = control(epoll, PollCalls.EPOLL_CTL_ADD, fd, wait);
			}
			if (error != 0) {
				throw this.calls.posix.failure("Cannot watch a descriptor", error);
			}
			armed = true;
		}
		finally {
			if (!armed) {
				this.waiting.remove(wait);
				this.registered.remove(fd, wait);
			}
		}
	}

	/**
	 * Adds or re-arms a descriptor's one-shot wait.
	 * @return 0, or the error number
	 */
	private int control(int epoll, int operation, int fd, long wait) {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment event = arena.allocate(PollCalls.EVENT_SIZE, 8);
			event.set(JAVA_INT, 0, PollCalls.EPOLLIN | PollCalls.EPOLLONESHOT);
			event.set(JAVA_LONG_UNALIGNED, PollCalls.EVENT_DATA, wait);
			MemorySegment callState = Posix.callState(arena);
			int result = (int) this.calls.epollCtl.invokeExact(callState, epoll, operation, fd, event);
			return (result == 0) ? 0 : Posix.errno(callState);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stops watching a descriptor, right before it is closed; an action it was given is
	 * dropped. Epoll itself forgets the descriptor when it is closed, so it is not told:
	 * an event still on its way carries a wait that is no longer known, and is passed over.
	 * @param fd the descriptor
	 */
	void forget(int fd) {
		Long wait = this.registered.remove(fd);
		if (wait != null) {
			this.waiting.remove(wait);
		}
	}

	private int started() throws IOException {
		int epoll = this.epoll;
		if (epoll >= 0) {
			return epoll;
		}
		synchronized (this.starting) {
			if (this.epoll < 0) {
				int created = create();
				Thread thread = new Thread(null, () -> run(created), "cgi-pipe-poller", 256 * 1024);
				thread.setDaemon(true);
				try {
					thread.start();
				}
				catch (RuntimeException | OutOfMemoryError ex) {
					this.calls.posix.closeQuietly(created);
					throw new IOException("Cannot start the thread that waits for scripts' pipes: " + ex, ex);
				}
				this.epoll = created;
			}
			return this.epoll;
		}
	}

	private int create() throws IOException {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment callState = Posix.callState(arena);
			int fd = (int) this.calls.epollCreate.invokeExact(callState, PollCalls.EPOLL_CLOEXEC);
			if (fd < 0) {
				throw this.calls.posix.failure("Cannot create an epoll instance", Posix.errno(callState));
			}
			return fd;
		}
		catch (IOException | RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void run(int epoll) {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment events = arena.allocate(PollCalls.EVENT_SIZE * EVENTS, 8);
			MemorySegment callState = Posix.callState(arena);
			while (true) {
				int ready = (int) this.calls.epollWait.invokeExact(callState, epoll, events, EVENTS, -1);
				if (ready < 0) {
					if (Posix.errno(callState) == PollCalls.EINTR) {
						continue;
					}
					logger.log(Level.ERROR, "Waiting for scripts' pipes failed: error " + Posix.errno(callState));
					return;
				}
				for (int i = 0; i < ready; i++) {
					long wait = events.get(JAVA_LONG_UNALIGNED, i * PollCalls.EVENT_SIZE + PollCalls.EVENT_DATA);
					@Nullable Runnable action = this.waiting.remove(wait);
					if (action != null) {
						run(action);
					}
				}
			}
		}
		catch (Throwable ex) {
			logger.log(Level.ERROR, "Waiting for scripts' pipes failed", ex);
		}
		finally {
			// Whoever waits is woken, tries again, and learns that no wait can be had.
			this.broken = true;
			for (Long wait : this.waiting.keySet()) {
				Runnable action = this.waiting.remove(wait);
				if (action != null) {
					run(action);
				}
			}
		}
	}

	private static void run(Runnable action) {
		try {
			action.run();
		}
		catch (Throwable ex) {
			// One action that fails (no thread to hand on to) must not end every other wait.
			logger.log(Level.WARNING, "A wait for a script's pipe ended in error", ex);
		}
	}

}
