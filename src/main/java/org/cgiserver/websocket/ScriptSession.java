package org.cgiserver.websocket;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.config.WebSocketMode;
import org.cgiserver.process.ProcessResult;
import org.cgiserver.process.ScriptProcess;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One WebSocket session and its script: what the client sends goes to the script's
 * standard input, what the script writes goes to the client, and the end of either ends
 * the other. The script's output is read by one blocking task of its own; the client's
 * messages are written to the script on the container's thread that received them, so
 * that a script that stops reading also stops the reading of its connection.
 */
final class ScriptSession {

	private static final Logger logger = LoggerFactory.getLogger(ScriptSession.class);

	/**
	 * Time a script gets to end by itself once its standard input is closed, before it is
	 * stopped (SIGTERM, then SIGKILL after cgi.kill-grace): a loop that reads its input,
	 * as websocketd's examples do, ends at once.
	 */
	static final Duration STDIN_GRACE = Duration.ofMillis(100);

	/** Longest wait, once the output ended, for the script's exit status to know. */
	private static final Duration EXIT_WAIT = Duration.ofSeconds(1);

	private final WebSocketSession socket;

	private final ScriptProcess process;

	private final PendingSession pending;

	private final int maxMessage;

	private final SessionCounts counts;

	private final IncomingMessage incoming;

	private final AtomicReference<@Nullable SessionEnd> end = new AtomicReference<>();

	private final CompletableFuture<Void> pumped = new CompletableFuture<>();

	private final CompletableFuture<ProcessResult> ended;

	private volatile long pings;

	private volatile long pongs;

	ScriptSession(WebSocketSession socket, ScriptProcess process, PendingSession pending, int maxMessage,
			SessionCounts counts) {
		this.socket = socket;
		this.process = process;
		this.pending = pending;
		this.maxMessage = maxMessage;
		this.counts = counts;
		this.incoming = new IncomingMessage(maxMessage);
		this.ended = process.result();
	}

	PendingSession pending() {
		return this.pending;
	}

	/**
	 * Sends the script's output to the client until it ends, then closes the session; runs
	 * on a thread of its own for the whole session.
	 */
	void pump() {
		try {
			ScriptOutput output = new ScriptOutput(this.process.stdout(), this.pending.mode(), this.maxMessage);
			WebSocketMessage<?> message;
			while ((message = output.next()) != null) {
				this.socket.sendMessage(message);
				this.counts.sent(message.getPayloadLength());
			}
			close(outputEnd());
		}
		catch (ScriptOutput.TooLongException ex) {
			logger.warn("WebSocket script {}: {}; closing the session", this.pending.scriptName(), ex.getMessage());
			close(SessionEnd.OUTPUT_TOO_BIG);
		}
		catch (IOException | RuntimeException ex) {
			// The client is gone, or reads too slowly for the container's send timeout, or its
			// session closed while a message was sent: a close stops the script.
			logger.debug("WebSocket script {}: output not sent: {}", this.pending.scriptName(), ex.toString());
			close(SessionEnd.SEND_FAILED);
		}
		finally {
			this.process.close();
			this.pumped.complete(null);
		}
	}

	/** Why the session ends when the script's output ended. */
	private SessionEnd outputEnd() {
		if (this.process.timedOut()) {
			return SessionEnd.MAX_DURATION;
		}
		try {
			ProcessResult result = this.process.exited().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			return (result.exitCode() == 0) ? SessionEnd.SCRIPT_EXIT : SessionEnd.SCRIPT_FAILED;
		}
		catch (TimeoutException ex) {
			// Its output ended; a script that lingers is stopped when the session closes.
			return SessionEnd.SCRIPT_EXIT;
		}
		catch (Exception ex) {
			return SessionEnd.SCRIPT_FAILED;
		}
	}

	/**
	 * Takes a part of a client's message; once the message is whole, it is written to the
	 * script as {@link #fromClient} says. A message larger than
	 * {@code cgi.websocket.max-message-size} closes the session with 1009.
	 * @param part the part's bytes
	 * @param last whether it is the message's last part
	 * @param line whether a line end follows the message (text mode)
	 * @param writers where the write waits
	 */
	void fromClient(byte[] part, boolean last, boolean line, Executor writers) {
		if (this.end.get() != null) {
			return;
		}
		byte[] message;
		try {
			message = this.incoming.add(part, last);
		}
		catch (IncomingMessage.TooLargeException ex) {
			logger.info("WebSocket script {}: {}; closing the session", this.pending.scriptName(), ex.getMessage());
			close(SessionEnd.MESSAGE_TOO_BIG);
			return;
		}
		if (message != null) {
			fromClient(message, line, writers);
		}
	}

	/**
	 * Writes a client's message to the script, on a thread of the writers: a script that
	 * does not read its input blocks the write once the pipe is full, and the container's
	 * thread must not wait for it. The connection is not read meanwhile, so the messages
	 * reach the script in order, and a client that sends faster than its script reads is
	 * held back by TCP.
	 * @param data the message's bytes
	 * @param line whether a line end follows (text mode)
	 * @param writers where the write waits
	 */
	private void fromClient(byte[] data, boolean line, Executor writers) {
		this.counts.received(data.length);
		// Spring's session on Tomcat: Tomcat's own can stop reading the connection for a while.
		WsSession connection = ((NativeWebSocketSession) this.socket).getNativeSession(WsSession.class);
		connection.suspend();
		try {
			writers.execute(() -> {
				try {
					write(data, line);
				}
				finally {
					connection.resume();
				}
			});
		}
		catch (RuntimeException ex) {
			connection.resume();
			throw ex;
		}
	}

	private void write(byte[] data, boolean line) {
		try {
			OutputStream stdin = this.process.stdin();
			// One write a message: the script's input may be unbuffered.
			stdin.write(line ? withLineEnd(data) : data);
			stdin.flush();
		}
		catch (IOException ex) {
			// The script closed its input or exited; its output's end closes the session.
		}
	}

	private static byte[] withLineEnd(byte[] data) {
		byte[] line = Arrays.copyOf(data, data.length + 1);
		line[data.length] = '\n';
		return line;
	}

	/**
	 * Closes the session from the server's side, once, for the given reason.
	 * @param reason why
	 */
	void close(SessionEnd reason) {
		if (this.end.compareAndSet(null, reason)) {
			try {
				this.socket.close(reason.status());
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("WebSocket session of {} not closed cleanly: {}", this.pending.scriptName(), ex.toString());
			}
		}
	}

	/**
	 * The session is closed, by either side: the script's input is closed, and a script
	 * still running after {@link #STDIN_GRACE} is stopped.
	 * @param status the status it closed with
	 * @param scheduler where the stop waits
	 * @param writers where the input is closed: behind a write that a script which does not
	 * read holds up until it is stopped
	 */
	void closed(CloseStatus status, ScheduledExecutorService scheduler, Executor writers) {
		this.end.compareAndSet(null, SessionEnd.ofClientClose(status));
		scheduler.schedule(() -> {
			// Still running, or gone while something it started holds its output open.
			if (!this.process.exited().isDone() || !this.pumped.isDone()) {
				this.process.abort();
			}
		}, STDIN_GRACE.toNanos(), TimeUnit.NANOSECONDS);
		writers.execute(() -> {
			try {
				this.process.stdin().close();
			}
			catch (IOException ex) {
				// Already closed by the script's exit.
			}
		});
	}

	/**
	 * Sends a ping, unless the client has not answered the previous one: it is then taken
	 * for gone (a peer that vanished without a close leaves the connection open) and the
	 * session closed.
	 */
	void ping() {
		if (this.end.get() != null) {
			return;
		}
		if (this.pongs < this.pings) {
			logger.info("WebSocket client of {} did not answer a ping; closing the session", this.pending.scriptName());
			close(SessionEnd.PING_TIMEOUT);
			return;
		}
		this.pings++;
		try {
			this.socket.sendMessage(new PingMessage());
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("WebSocket session of {}: ping not sent: {}", this.pending.scriptName(), ex.toString());
		}
	}

	/** The client answered a ping. */
	void pong() {
		this.pongs = this.pings;
	}

	/**
	 * Why the session ended, once it has.
	 * @return the reason, or {@code null} while it is open
	 */
	@Nullable SessionEnd end() {
		return this.end.get();
	}

	/**
	 * The end of the session's script.
	 * @return its result to come
	 */
	CompletableFuture<ProcessResult> ended() {
		return this.ended;
	}

	SessionCounts counts() {
		return this.counts;
	}

}
