package org.cgiserver.connection;

import org.apache.tomcat.util.net.NioEndpoint;

/**
 * Tomcat's NIO endpoint, whose acceptor also takes room that a raised connection limit
 * makes. Tomcat's own acceptor, at the limit, waits until a connection closes: a limit
 * raised meanwhile (for sessions, see {@link WatchedNioProtocol#sessionsOpen}) would go
 * unused until then, and a server whose connections are all sessions would accept
 * nothing, however much room it had.
 */
final class RaisableLimitNioEndpoint extends NioEndpoint {

	/** Longest wait before the acceptor looks again, whatever woke it or not. */
	private static final long RECHECK_MILLIS = 100;

	/** Guards the limit and the acceptor's count against each other. */
	private final Object room = new Object();

	/** Whether the acceptor waits for room: only then does a close need to wake it. */
	private volatile boolean acceptorWaits;

	/**
	 * Sets the limit; while the connector is paused (shutting down), when Tomcat counts
	 * no connections, a change is left out rather than starting a count from zero.
	 */
	@Override
	public void setMaxConnections(int maxConnections) {
		synchronized (this.room) {
			if (isRunning() && (isPaused() || getConnectionCount() < 0) && getMaxConnections() > 0) {
				return;
			}
			super.setMaxConnections(maxConnections);
			this.room.notifyAll();
		}
	}

	@Override
	protected long countDownConnection() {
		long count = super.countDownConnection();
		// Counted down before this looks: an acceptor that starts waiting after it sees the room.
		if (this.acceptorWaits) {
			synchronized (this.room) {
				this.room.notifyAll();
			}
		}
		return count;
	}

	/**
	 * Waits, as the acceptor, until the connections are below the limit as it is now, then
	 * counts one more. Only the acceptor counts connections up, others only down, and the
	 * limit changes only under the same lock: so the room seen is still there when
	 * Tomcat's own count is asked for it, which then does not wait.
	 */
	@Override
	protected void countUpOrAwaitConnection() throws InterruptedException {
		synchronized (this.room) {
			this.acceptorWaits = true;
			try {
				while (isRunning() && !isPaused() && getMaxConnections() > 0
						&& getConnectionCount() >= getMaxConnections()) {
					this.room.wait(RECHECK_MILLIS);
				}
			}
			finally {
				this.acceptorWaits = false;
			}
			super.countUpOrAwaitConnection();
		}
	}

	/** Wakes an acceptor waiting for room, so that a pause does not wait for its next look. */
	@Override
	protected void unlockAccept() {
		synchronized (this.room) {
			this.room.notifyAll();
		}
		super.unlockAccept();
	}

}
