package org.cgiserver.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Decides which open connections are closed: those whose request header is overdue,
 * those whose body arrives too slowly, and, when the connections fill more than three
 * quarters of the room for requests, the longest-waiting ones that have no request being
 * served (idle for more than a moment, or still sending a header), down to half of it, so
 * that new clients find room. Sessions (WebSocket, or connections taken over by scripts)
 * have room of their own and are not counted.
 */
final class SlowClientPolicy {

	/**
	 * How long a connection must have been idle before it is closed to make room. A
	 * connection just accepted looks idle until Tomcat reads its first request, which
	 * under a crowd takes tens of milliseconds: closing it then would drop a request its
	 * client has already sent.
	 */
	static final Duration IDLE_BEFORE_MAKING_ROOM = Duration.ofMillis(500);

	private final SlowClientLimits limits;

	SlowClientPolicy(SlowClientLimits limits) {
		this.limits = limits;
	}

	/**
	 * The connections to close now.
	 * @param <K> what identifies a connection
	 * @param connections every open connection
	 * @param nanoTime the current time
	 * @param requestRoom the connections that requests may take, or a negative number for
	 * no limit
	 * @return the connections to close, each with the reason
	 */
	<K> List<Closing<K>> judge(List<Observed<K>> connections, long nanoTime, int requestRoom) {
		List<Closing<K>> closing = new ArrayList<>();
		List<Observed<K>> waiting = new ArrayList<>();
		for (Observed<K> connection : connections) {
			Reason reason = reason(connection, nanoTime);
			if (reason != null) {
				closing.add(new Closing<>(connection.key(), reason));
			}
			else if (connection.phase() == Phase.HEADER || (connection.phase() == Phase.IDLE
					&& nanoTime - connection.since() >= IDLE_BEFORE_MAKING_ROOM.toNanos())) {
				waiting.add(connection);
			}
		}
		long staying = connections.stream()
			.filter((connection) -> connection.phase() != Phase.CLOSING && connection.phase() != Phase.SESSION)
			.count() - closing.size();
		if (requestRoom >= 0 && staying > highWater(requestRoom)) {
			// Down to half, not just below the high water: closed connections leave
			// Tomcat's count only once their threads have run, and a crowd keeps coming.
			waiting.stream()
				.sorted(Comparator.comparingLong(Observed::since))
				.limit(staying - lowWater(requestRoom))
				.forEach((connection) -> closing.add(new Closing<>(connection.key(), Reason.CROWDED)));
		}
		return closing;
	}

	static int highWater(int room) {
		return room - room / 4;
	}

	static int lowWater(int room) {
		return room / 2;
	}

	/**
	 * The connections that requests may take now.
	 * @param maxConnections Tomcat's connection limit, or a negative number for none
	 * @param requestConnections the most connections requests may take, sessions apart, or
	 * a negative number for as many as the limit
	 * @param sessions the sessions open now, which take room of the limit
	 * @return the room for requests, or a negative number for no limit
	 */
	static int requestRoom(int maxConnections, int requestConnections, int sessions) {
		if (maxConnections <= 0) {
			return -1;
		}
		int left = Math.max(0, maxConnections - sessions);
		return (requestConnections >= 0) ? Math.min(requestConnections, left) : left;
	}

	private @Nullable Reason reason(Observed<?> connection, long nanoTime) {
		if (connection.phase() == Phase.HEADER && this.limits.headerOverdue(nanoTime - connection.since())) {
			return Reason.HEADER_OVERDUE;
		}
		BodyProgress body = connection.body();
		if (connection.phase() == Phase.BODY && body != null && body.tooSlow(this.limits, nanoTime)) {
			return Reason.BODY_TOO_SLOW;
		}
		return null;
	}

	/**
	 * Where a connection is in its request.
	 */
	enum Phase {

		/** No request in progress: waiting for the first byte of the next one. */
		IDLE,

		/** Sending a request header. */
		HEADER,

		/** A request being served, whose body may still be arriving. */
		BODY,

		/**
		 * A WebSocket session, or a connection a script took over: never closed here, and
		 * counted apart from requests.
		 */
		SESSION,

		/** Anything else, such as an HTTP/2 connection: never closed here. */
		OTHER,

		/** Already being closed. */
		CLOSING

	}

	/**
	 * Why a connection is closed.
	 */
	enum Reason {

		/** The header was not complete by the header timeout. */
		HEADER_OVERDUE("request header not complete within cgi.connections.header-timeout"),

		/** The body arrived slower than the minimum rate. */
		BODY_TOO_SLOW("request body slower than cgi.connections.min-body-rate"),

		/** Room was needed for new clients. */
		CROWDED("idle or slow while connections neared the limit");

		private final String description;

		Reason(String description) {
			this.description = description;
		}

		String description() {
			return this.description;
		}

	}

	/**
	 * An open connection as seen now.
	 *
	 * @param <K> what identifies it
	 * @param key what identifies it
	 * @param phase where it is in its request
	 * @param since when it entered that phase ({@link System#nanoTime()})
	 * @param body how its request body arrives, when one is being read
	 */
	record Observed<K>(K key, Phase phase, long since, @Nullable BodyProgress body) {

	}

	/**
	 * A connection to close.
	 *
	 * @param <K> what identifies it
	 * @param key what identifies it
	 * @param reason why
	 */
	record Closing<K>(K key, Reason reason) {

	}

}
