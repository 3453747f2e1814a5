package org.cgiserver.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.process.SessionSlots;

import org.springframework.context.SmartLifecycle;

/**
 * The open sessions: their slots (of {@code cgi.websocket.max-sessions}, apart from the
 * CGI slots, shared with connections taken over by scripts) and, at shutdown, their end: each is closed with 1001 and its script stopped
 * before the process layer ends whatever is left.
 */
final class ScriptSessions implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ScriptSessions.class);

	private final SessionSlots slots;

	private final Duration killGrace;

	private final AtomicInteger taken = new AtomicInteger();

	private final Set<ScriptSession> open = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	/**
	 * @param slots the cap of sessions, shared with the connections taken over by scripts
	 * @param killGrace the time between SIGTERM and SIGKILL, to wait for at shutdown
	 */
	ScriptSessions(SessionSlots slots, Duration killGrace) {
		this.slots = slots;
		this.killGrace = killGrace;
	}

	/**
	 * Takes a slot for a session about to open.
	 * @return whether one was free
	 */
	boolean tryOpen() {
		if (!this.running || !this.slots.tryTake()) {
			return false;
		}
		this.taken.incrementAndGet();
		return true;
	}

	/** Gives back a slot, when a session's script has ended or its handshake failed. */
	void release() {
		this.taken.decrementAndGet();
		this.slots.release();
	}

	void opened(ScriptSession session) {
		this.open.add(session);
		if (!this.running) {
			// Shutdown began while its script started.
			session.close(SessionEnd.SHUTDOWN);
		}
	}

	void ended(ScriptSession session) {
		this.open.remove(session);
		release();
	}

	int max() {
		return this.slots.max();
	}

	/**
	 * How many sessions are open now.
	 * @return the count
	 */
	int size() {
		return this.taken.get();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Closes every session with 1001 and waits for their scripts, which a closed session
	 * stops, to end.
	 */
	@Override
	public void stop() {
		this.running = false;
		List<ScriptSession> left = new ArrayList<>(this.open);
		if (left.isEmpty()) {
			return;
		}
		logger.info("Closing {} WebSocket session(s) at shutdown", left.size());
		left.forEach((session) -> session.close(SessionEnd.SHUTDOWN));
		CompletableFuture<?>[] ends = left.stream().map(ScriptSession::ended).toArray(CompletableFuture[]::new);
		try {
			CompletableFuture.allOf(ends).get(this.killGrace.toMillis() + 2000, TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			logger.warn("Some WebSocket sessions' scripts did not end: {}", ex.getMessage());
		}
	}

	@Override
	public int getPhase() {
		// Before the web server's graceful shutdown (DEFAULT_PHASE - 1024), which does not
		// wait for upgraded connections, and the process layer (DEFAULT_PHASE - 1536).
		return SmartLifecycle.DEFAULT_PHASE - 512;
	}

}
