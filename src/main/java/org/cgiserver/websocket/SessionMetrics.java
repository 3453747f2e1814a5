package org.cgiserver.websocket;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters of the WebSocket sessions: the gauges {@code cgi.websocket.sessions}
 * (open now) and {@code cgi.websocket.max.sessions}, the counters
 * {@code cgi.websocket.opened}, {@code cgi.websocket.closed} (tag reason, each at zero
 * from the start, so that Prometheus's {@code rate()} sees the first one),
 * {@code cgi.websocket.messages} and {@code cgi.websocket.bytes} (tag direction: in from
 * the clients, out to them), counted as the messages pass.
 */
public final class SessionMetrics {

	private final AtomicLong opened = new AtomicLong();

	private final Map<SessionEnd, AtomicLong> closed = new EnumMap<>(SessionEnd.class);

	private final AtomicLong messagesIn = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong();

	private final AtomicLong messagesOut = new AtomicLong();

	private final AtomicLong bytesOut = new AtomicLong();

	private final ScriptSessions sessions;

	SessionMetrics(MeterRegistry registry, ScriptSessions sessions) {
		this.sessions = sessions;
		Gauge.builder("cgi.websocket.sessions", sessions, ScriptSessions::size)
			.description("WebSocket sessions open now")
			.register(registry);
		Gauge.builder("cgi.websocket.max.sessions", sessions, ScriptSessions::max)
			.description("Most WebSocket sessions open at once (cgi.websocket.max-sessions)")
			.register(registry);
		FunctionCounter.builder("cgi.websocket.opened", this.opened, AtomicLong::get)
			.description("WebSocket sessions opened")
			.register(registry);
		for (SessionEnd end : SessionEnd.values()) {
			AtomicLong count = new AtomicLong();
			this.closed.put(end, count);
			FunctionCounter.builder("cgi.websocket.closed", count, AtomicLong::get)
				.description("WebSocket sessions closed, by reason")
				.tag("reason", end.tag())
				.register(registry);
		}
		register(registry, "cgi.websocket.messages", "in", this.messagesIn, "Messages of WebSocket sessions");
		register(registry, "cgi.websocket.messages", "out", this.messagesOut, "Messages of WebSocket sessions");
		register(registry, "cgi.websocket.bytes", "in", this.bytesIn, "Bytes of WebSocket messages");
		register(registry, "cgi.websocket.bytes", "out", this.bytesOut, "Bytes of WebSocket messages");
	}

	private static void register(MeterRegistry registry, String name, String direction, AtomicLong count,
			String description) {
		FunctionCounter.builder(name, count, AtomicLong::get)
			.description(description)
			.tag("direction", direction)
			.baseUnit(name.endsWith("bytes") ? "bytes" : null)
			.register(registry);
	}

	/**
	 * The counts of a session just opened, which add to the totals as they grow.
	 * @return the session's counts
	 */
	SessionCounts opened() {
		this.opened.incrementAndGet();
		return new SessionCounts(this);
	}

	/**
	 * The sessions now and since the start.
	 * @return the report
	 */
	public SessionReport report() {
		Map<String, Long> closed = new LinkedHashMap<>();
		this.closed.forEach((end, count) -> closed.put(end.tag(), count.get()));
		return new SessionReport(this.sessions.size(), this.sessions.max(), this.opened.get(), closed,
				this.messagesIn.get(), this.messagesOut.get(), this.bytesIn.get(), this.bytesOut.get());
	}

	void ended(SessionEnd end) {
		this.closed.get(end).incrementAndGet();
	}

	void received(long bytes) {
		this.messagesIn.incrementAndGet();
		this.bytesIn.addAndGet(bytes);
	}

	void sent(long bytes) {
		this.messagesOut.incrementAndGet();
		this.bytesOut.addAndGet(bytes);
	}

}
