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

	private final Object room = new Object();

	@Override
	public void setMaxConnections(int maxConnections) {
		super.setMaxConnections(maxConnections);
		synchronized (this.room) {
			this.room.notifyAll();
		}
	}

	@Override
	protected long countDownConnection() {
		long count = super.countDownConnection();
		synchronized (this.room) {
			this.room.notifyAll();
		}
		return count;
	}

	/**
	 * Waits, as the acceptor, until the connections are below the limit as it is now, then
	 * counts one more. Only the acceptor counts connections up, so the room seen is still
	 * there when Tomcat's latch is asked for it.
	 */
	@Override
	protected void countUpOrAwaitConnection() throws InterruptedException {
		synchronized (this.room) {
			while (isRunning() && !isPaused() && getMaxConnections() > 0
					&& getConnectionCount() >= getMaxConnections()) {
				this.room.wait(RECHECK_MILLIS);
			}
		}
		super.countUpOrAwaitConnection();
	}

}
