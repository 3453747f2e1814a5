package org.cgiserver.connection;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.cgiserver.connection.SlowClientPolicy.Closing;
import org.cgiserver.connection.SlowClientPolicy.Observed;
import org.cgiserver.connection.SlowClientPolicy.Phase;
import org.cgiserver.connection.SlowClientPolicy.Reason;
import org.cgiserver.connection.WatchedNioProtocol.WatchedProcessor;
import org.cgiserver.threads.DaemonThreads;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connections of clients that send their requests too slowly. Tomcat's
 * connection timeout is reset by every byte, so a client that trickles a header one byte
 * at a time would hold its connection, and the heap behind it, for ever. Several times a
 * second (many more while connections crowd) this walks Tomcat's open connections, reads where each one's request is (from
 * the processor serving it, if any), and closes those that {@link SlowClientPolicy}
 * names.
 * <p>
 * A connection is closed by shutting down its socket, not by Tomcat's close: the thread
 * that serves it, parked in the poller or blocked in a read, then sees the end of the
 * stream and closes it the usual way, so nothing is released under its feet. The client
 * sees the end of the stream; a script reading the body sees the end of its input and is
 * stopped by the {@link ClientDisconnectWatcher}.
 */
final class SlowClientWatchdog implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SlowClientWatchdog.class);

	/** Closings are summed up in one log line per period, however many there are. */
	private static final long LOG_PERIOD_NANOS = Duration.ofSeconds(10).toNanos();

	private final SlowClientPolicy policy;

	private final ScheduledThreadPoolExecutor scheduler;

	/** The protocols of every connector: the main one and any plain HTTP one beside it. */
	private final List<WatchedNioProtocol> protocols = new CopyOnWriteArrayList<>();

	/** When each idle connection was first seen idle; used by the sweeping thread only. */
	private Map<SocketWrapperBase<NioChannel>, Long> idleSince = new HashMap<>();

	/** Connections that were sessions at the last sweep; used by the sweeping thread only. */
	private Set<SocketWrapperBase<NioChannel>> sessionsSeen = new HashSet<>();

	/** Connections shut down and not yet closed by Tomcat; used by the sweeping thread only. */
	private Set<SocketWrapperBase<NioChannel>> shutDown = new HashSet<>();

	/** Sessions each protocol had at the last sweep; used by the sweeping thread only. */
	private final Map<WatchedNioProtocol, Integer> sessions = new HashMap<>();

	private final Map<Reason, Integer> closed = new EnumMap<>(Reason.class);

	private long loggedAt = System.nanoTime();

	private final Duration interval;

	private final Duration crowdedInterval;

	private SlowClientWatchdog(SlowClientLimits limits, Duration interval, Duration crowdedInterval) {
		this.policy = new SlowClientPolicy(limits);
		this.scheduler = DaemonThreads.scheduler("cgi-slow-clients");
		this.interval = interval;
		this.crowdedInterval = crowdedInterval;
	}

	/**
	 * Starts a watchdog; it watches once {@link #watch} is given Tomcat's protocol.
	 * @param limits the limits on slow clients
	 * @param interval time between two sweeps
	 * @param crowdedInterval time between two sweeps while connections fill more than half
	 * of a limit: a crowd arriving fast must be thinned out before the limit stops Tomcat
	 * from accepting, because every client then waits, behind the crowd, for room
	 * @return the watchdog
	 */
	static SlowClientWatchdog start(SlowClientLimits limits, Duration interval, Duration crowdedInterval) {
		SlowClientWatchdog watchdog = new SlowClientWatchdog(limits, interval, crowdedInterval);
		watchdog.scheduleSweep(interval);
		return watchdog;
	}

	private void scheduleSweep(Duration delay) {
		try {
			this.scheduler.schedule(this::sweepAndReschedule, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed: no more sweeps.
		}
	}

	private void sweepAndReschedule() {
		try {
			sweepSafely();
		}
		finally {
			scheduleSweep(crowded() ? this.crowdedInterval : this.interval);
		}
	}

	private boolean crowded() {
		for (WatchedNioProtocol protocol : this.protocols) {
			int sessions = this.sessions.getOrDefault(protocol, 0);
			int room = requestRoom(protocol, sessions);
			if (room >= 0 && protocol.getConnectionCount() - sessions > SlowClientPolicy.lowWater(room)) {
				return true;
			}
		}
		return false;
	}

	void watch(WatchedNioProtocol protocol) {
		this.protocols.add(protocol);
	}

	private void sweepSafely() {
		try {
			sweep();
		}
		catch (RuntimeException ex) {
			logger.warn("Checking client connections failed", ex);
		}
	}

	private void sweep() {
		long now = System.nanoTime();
		Seen seen = new Seen(new HashMap<>(), new HashSet<>(), new HashSet<>());
		for (WatchedNioProtocol protocol : this.protocols) {
			sweep(protocol, now, seen);
		}
		this.idleSince = seen.idle();
		this.sessionsSeen = seen.sessions();
		this.shutDown.retainAll(seen.open());
		if (!this.closed.isEmpty() && now - this.loggedAt > LOG_PERIOD_NANOS) {
			logger.info("Closed client connections: {}", this.closed.entrySet()
				.stream()
				.map((entry) -> entry.getValue() + " " + entry.getKey().description())
				.collect(Collectors.joining(", ")));
			this.closed.clear();
			this.loggedAt = now;
		}
	}

	private void sweep(WatchedNioProtocol protocol, long now, Seen seen) {
		List<Observed<SocketWrapperBase<NioChannel>>> observed = new ArrayList<>();
		Map<SocketWrapperBase<?>, WatchedProcessor> serving = new HashMap<>();
		for (WatchedProcessor processor : protocol.processors()) {
			SocketWrapperBase<?> connection = processor.connection();
			if (connection != null) {
				serving.put(connection, processor);
			}
		}
		for (SocketWrapperBase<NioChannel> connection : protocol.openConnections()) {
			seen.open().add(connection);
			observed.add(observe(connection, serving.get(connection), now, seen));
		}
		if (logger.isTraceEnabled()) {
			logger.trace("{} connections counted against the limit, open by phase: {}", protocol.getConnectionCount(),
					observed.stream()
				.collect(Collectors.groupingBy(Observed::phase, () -> new EnumMap<>(Phase.class), Collectors.counting())));
		}
		int sessions = (int) observed.stream().filter((connection) -> connection.phase() == Phase.SESSION).count();
		this.sessions.put(protocol, sessions);
		protocol.sessionsOpen(sessions);
		for (Closing<SocketWrapperBase<NioChannel>> closing : this.policy.judge(observed, now,
				requestRoom(protocol, sessions))) {
			shutDown(closing.key());
			this.shutDown.add(closing.key());
			this.closed.merge(closing.reason(), 1, Integer::sum);
		}
	}

	private Observed<SocketWrapperBase<NioChannel>> observe(SocketWrapperBase<NioChannel> connection,
			@Nullable WatchedProcessor processor, long now, Seen seen) {
		if (this.shutDown.contains(connection)) {
			return new Observed<>(connection, Phase.CLOSING, now, null);
		}
		if (processor != null) {
			return ProcessorPhases.ofRequest(connection, processor, now);
		}
		Object upgraded = connection.getCurrentProcessor();
		// A session's processor is off its connection while a thread serves a frame of it.
		if ((upgraded != null) ? ProcessorPhases.isSession(upgraded) : this.sessionsSeen.contains(connection)) {
			seen.sessions().add(connection);
			return new Observed<>(connection, Phase.SESSION, now, null);
		}
		if (upgraded != null) {
			// Not an HTTP/1.1 processor: an upgraded connection, such as HTTP/2.
			return new Observed<>(connection, Phase.OTHER, now, null);
		}
		long since = this.idleSince.getOrDefault(connection, now);
		seen.idle().put(connection, since);
		return new Observed<>(connection, Phase.IDLE, since, null);
	}

	private static int requestRoom(WatchedNioProtocol protocol, int sessions) {
		return SlowClientPolicy.requestRoom(protocol.getMaxConnections(), protocol.requestConnections(), sessions);
	}

	/**
	 * Shuts down a client's connection as a slow client's, for a caller that is done with
	 * it: a connection a script took over, which Tomcat closes only when it next hears
	 * from it.
	 * @param client the connection
	 * @return whether it was found open
	 */
	boolean shutDown(ClientConnection client) {
		for (WatchedNioProtocol protocol : this.protocols) {
			for (SocketWrapperBase<NioChannel> connection : protocol.openConnections()) {
				if (connection.getRemotePort() == client.remotePort() && connection.getLocalPort() == client.localPort()
						&& client.remoteAddress().equals(withoutScope(connection.getRemoteAddr()))) {
					shutDown(connection);
					return true;
				}
			}
		}
		return false;
	}

	private static @Nullable String withoutScope(@Nullable String address) {
		int scope = (address != null) ? address.indexOf('%') : -1;
		return (scope >= 0) ? address.substring(0, scope) : address;
	}

	private static void shutDown(SocketWrapperBase<NioChannel> connection) {
		NioChannel channel = connection.getSocket();
		SocketChannel socket = (channel != null) ? channel.getIOChannel() : null;
		if (socket == null) {
			return;
		}
		try {
			socket.shutdownInput();
		}
		catch (IOException ex) {
			// Closed meanwhile: nothing left to do.
		}
		try {
			socket.shutdownOutput();
		}
		catch (IOException ex) {
			// Closed meanwhile: nothing left to do.
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/**
	 * What one sweep saw, which the next one starts from.
	 * @param idle when each idle connection was first seen idle
	 * @param sessions the connections that are sessions
	 * @param open every connection open
	 */
	private record Seen(Map<SocketWrapperBase<NioChannel>, Long> idle, Set<SocketWrapperBase<NioChannel>> sessions,
			Set<SocketWrapperBase<NioChannel>> open) {
	}

}
