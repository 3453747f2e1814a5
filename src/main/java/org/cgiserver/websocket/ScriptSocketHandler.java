package org.cgiserver.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.Session;
import org.apache.tomcat.websocket.Constants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.config.WebSocketMode;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.process.ProcessResult;
import org.cgiserver.process.ProcessStartException;
import org.cgiserver.process.ScriptProcess;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * Starts a session's script once the connection is open (through the process layer, so
 * that the run is contained and confined as any run), passes the client's messages to it
 * and stops it when the session closes.
 */
final class ScriptSocketHandler extends AbstractWebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(ScriptSocketHandler.class);

	private static final String SESSION_ATTRIBUTE = ScriptSession.class.getName();

	/**
	 * Largest part of a message the container hands over, in characters (text) or bytes
	 * (binary): it holds a buffer of each for every open session, and a larger message
	 * arrives in parts, gathered by its {@link ScriptSession} up to the largest size.
	 */
	static final int MESSAGE_PART = 1024;

	/**
	 * How long a session the server closed waits for the client's close frame before
	 * Tomcat closes its connection anyway (Tomcat: 30 s, looked at every 10 s). A session whose script ended has
	 * given back its slot, but its connection still counts among the sessions' connections
	 * while it waits: a client that never answers must not hold it long.
	 */
	static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

	private final ProcessExecutionService processes;

	private final ScriptSessions sessions;

	private final SessionLog log;

	private final SessionMetrics metrics;

	private final int maxMessage;

	private final Executor pumps;

	private final ExecutorService writers;

	private final ScheduledExecutorService scheduler;

	private final Duration pingInterval;

	ScriptSocketHandler(ProcessExecutionService processes, ScriptSessions sessions, SessionMetrics metrics,
			SessionLog log, int maxMessage, Duration pingInterval, Executor pumps, ExecutorService writers,
			ScheduledExecutorService scheduler) {
		this.writers = writers;
		this.pingInterval = pingInterval;
		this.processes = processes;
		this.sessions = sessions;
		this.metrics = metrics;
		this.log = log;
		this.maxMessage = maxMessage;
		this.pumps = pumps;
		this.scheduler = scheduler;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession socket) throws Exception {
		PendingSession pending = (PendingSession) socket.getAttributes().get(PendingSession.ATTRIBUTE);
		((NativeWebSocketSession) socket).getNativeSession(Session.class)
			.getUserProperties()
			.put(Constants.SESSION_CLOSE_TIMEOUT_PROPERTY, CLOSE_TIMEOUT.toMillis());
		ScriptProcess process;
		try {
			process = this.processes.startSession(pending.spec());
		}
		catch (ProcessStartException ex) {
			logger.error("WebSocket script {} could not be started: {}", pending.scriptName(), ex.getMessage());
			this.sessions.release();
			this.log.notStarted(pending);
			socket.close(SessionEnd.SCRIPT_FAILED.status());
			return;
		}
		ScriptSession session = new ScriptSession(socket, process, pending, this.maxMessage, this.metrics.opened());
		socket.getAttributes().put(SESSION_ATTRIBUTE, session);
		session.ended().whenComplete((result, failure) -> ended(session, result));
		this.sessions.opened(session);
		this.pumps.execute(session::pump);
		if (!this.pingInterval.isZero()) {
			// Sent from a thread of its own: a client that reads nothing must not hold up the
			// pings of the others.
			long interval = this.pingInterval.toNanos();
			ScheduledFuture<?> pings = this.scheduler.scheduleAtFixedRate(() -> this.pumps.execute(session::ping),
					interval, interval, TimeUnit.NANOSECONDS);
			session.ended().whenComplete((result, failure) -> pings.cancel(false));
		}
	}

	@Override
	protected void handlePongMessage(WebSocketSession socket, PongMessage message) {
		ScriptSession session = session(socket);
		if (session != null) {
			session.pong();
		}
	}

	private void ended(ScriptSession session, @Nullable ProcessResult result) {
		this.sessions.ended(session);
		this.log.ended(session, result);
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
		ScriptSession session = session(socket);
		if (session != null) {
			session.fromClient(message.getPayload().getBytes(StandardCharsets.UTF_8), message.isLast(),
					session.pending().mode() == WebSocketMode.TEXT, this.writers);
		}
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
		ScriptSession session = session(socket);
		if (session == null) {
			return;
		}
		if (session.pending().mode() == WebSocketMode.TEXT) {
			logger.info("WebSocket script {}: a binary message in text mode; closing the session",
					session.pending().scriptName());
			session.close(SessionEnd.UNSUPPORTED_DATA);
			return;
		}
		ByteBuffer payload = message.getPayload();
		byte[] data = new byte[payload.remaining()];
		payload.get(data);
		session.fromClient(data, message.isLast(), false, this.writers);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
		ScriptSession session = session(socket);
		if (session != null) {
			session.closed(status, this.scheduler, this.writers);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession socket, Throwable exception) {
		logger.debug("WebSocket session {} failed: {}", socket.getId(), exception.toString());
	}

	private static @Nullable ScriptSession session(WebSocketSession socket) {
		return (ScriptSession) socket.getAttributes().get(SESSION_ATTRIBUTE);
	}

}
