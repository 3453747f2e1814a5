package org.cgiserver.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.cgiserver.connection.TcpConnectionTable.State;
import org.cgiserver.threads.DaemonThreads;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Notices clients that disconnect while their script runs. With blocking servlet I/O
 * the container only finds a closed connection when it writes to it, so a script that
 * writes nothing for a long time would run on for nobody. A few times a second, this
 * looks up the connections of requests that have run for a while in the kernel's TCP
 * table (Linux), and calls back when a client has closed or reset its side.
 */
public final class ClientDisconnectWatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ClientDisconnectWatcher.class);

	private static final List<Path> KERNEL_TABLES = List.of(Path.of("/proc/self/net/tcp6"),
			Path.of("/proc/self/net/tcp"));

	private final Supplier<@Nullable String> tables;

	private final long intervalNanos;

	private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

	private final ScheduledThreadPoolExecutor scheduler;

	/**
	 * Creates a watcher over the kernel's TCP tables.
	 * @param interval how often connections are checked
	 * @return the watcher
	 */
	public static ClientDisconnectWatcher overKernelTables(Duration interval) {
		ClientDisconnectWatcher watcher = new ClientDisconnectWatcher(ClientDisconnectWatcher::readKernelTables,
				interval);
		if (KERNEL_TABLES.stream().noneMatch(Files::isReadable)) {
			logger.info("No TCP connection table at /proc/self/net: a client that disconnects is only noticed "
					+ "when its script writes output");
			return watcher;
		}
		watcher.scheduler.scheduleWithFixedDelay(watcher::checkSafely, watcher.intervalNanos, watcher.intervalNanos,
				TimeUnit.NANOSECONDS);
		return watcher;
	}

	/**
	 * Creates a watcher that checks only when {@link #check()} is called.
	 * @param tables the source of the TCP tables' text, {@code null} when there is none
	 * @param interval how long a request runs before its connection is looked up
	 */
	ClientDisconnectWatcher(Supplier<@Nullable String> tables, Duration interval) {
		this.tables = tables;
		this.intervalNanos = interval.toNanos();
		this.scheduler = DaemonThreads.scheduler("cgi-client-watch");
	}

	/**
	 * Watches a connection until the returned watch is closed.
	 * @param connection the client's connection
	 * @param onDisconnect what to do, at most once, when the client has gone
	 * @return the watch, to close when the request is done
	 */
	public Watch watch(ClientConnection connection, Runnable onDisconnect) {
		Watch watch = new Watch(connection, onDisconnect, System.nanoTime());
		this.watches.add(watch);
		return watch;
	}

	private void checkSafely() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			logger.warn("Checking client connections failed", ex);
		}
	}

	/**
	 * Looks up the connections of requests older than the interval: quick requests, the
	 * usual case, never cost a look at the table.
	 */
	void check() {
		long now = System.nanoTime();
		List<Watch> due = this.watches.stream().filter((watch) -> now - watch.since >= this.intervalNanos).toList();
		if (due.isEmpty()) {
			return;
		}
		String table = this.tables.get();
		if (table == null) {
			return;
		}
		Set<ClientConnection> wanted = due.stream().map(Watch::connection).collect(Collectors.toSet());
		Map<ClientConnection, State> states = TcpConnectionTable.states(table, wanted);
		for (Watch watch : due) {
			watch.update(states.get(watch.connection()));
		}
	}

	private static @Nullable String readKernelTables() {
		StringBuilder text = new StringBuilder();
		for (Path table : KERNEL_TABLES) {
			try {
				text.append(Files.readString(table)).append('\n');
			}
			catch (IOException ex) {
				// No IPv6 (or no IPv4) on this host.
			}
		}
		return (text.length() > 0) ? text.toString() : null;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/**
	 * One watched request.
	 */
	public final class Watch implements AutoCloseable {

		private final ClientConnection connection;

		private final Runnable onDisconnect;

		private final long since;

		private boolean seenOpen;

		private Watch(ClientConnection connection, Runnable onDisconnect, long since) {
			this.connection = connection;
			this.onDisconnect = onDisconnect;
			this.since = since;
		}

		ClientConnection connection() {
			return this.connection;
		}

		/**
		 * Takes the connection's state from the latest look. A connection missing from
		 * the table counts as gone only once it has been seen open: a request whose
		 * address the container rewrote (forwarded headers) is never found, and must not
		 * be taken for a disconnected one.
		 */
		private void update(@Nullable State state) {
			if (state == State.OPEN) {
				this.seenOpen = true;
			}
			else if ((state == State.CLOSED || this.seenOpen) && ClientDisconnectWatcher.this.watches.remove(this)) {
				this.onDisconnect.run();
			}
		}

		@Override
		public void close() {
			ClientDisconnectWatcher.this.watches.remove(this);
		}

	}

}
