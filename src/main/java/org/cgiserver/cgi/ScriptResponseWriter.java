package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.process.ProcessResult;
import org.cgiserver.process.ProcessResult.Termination;
import org.cgiserver.process.ScriptProcess;
import org.cgiserver.text.EventStreamType;

import org.springframework.http.HttpHeaders;

/**
 * Turns a running script's output into the response: parses and checks the head,
 * writes status and headers, copies the body as the script produces it, and tells when
 * the response must be cut off instead of ended. An event stream gets each write of its
 * script sent at once, and the limits of an event stream from then on.
 */
final class ScriptResponseWriter {

	private static final Logger logger = LoggerFactory.getLogger(CgiController.class);

	private static final int BUFFER_SIZE = 65536;

	private static final String CLIENT_WENT_AWAY = "client went away";

	private static final String TIMED_OUT_AFTER_HEADERS = "timed out after the headers were sent";

	private static final String NO_PROXY_BUFFERING = "X-Accel-Buffering";

	/** How long a refused script's exit is waited for, to tell how it ended. */
	private static final Duration EXIT_WAIT = Duration.ofSeconds(1);

	/** Exit statuses of a wrapper ({@code setpriv}, {@code prlimit}) that could not execute the script. */
	private static final Set<Integer> EXEC_FAILED = Set.of(126, 127);

	private final ScriptOutputParser parser;

	private final Refusals refusals;

	private final HandedOverResponse handedOver;

	private final ScriptPipes pipes;

	ScriptResponseWriter(ScriptOutputParser parser, Refusals refusals, HandedOverResponse handedOver,
			ScriptPipes pipes) {
		this.parser = parser;
		this.refusals = refusals;
		this.handedOver = handedOver;
		this.pipes = pipes;
	}

	/**
	 * Answers with what the script writes.
	 * @param upgrade the script's input when the request may be upgraded, else {@code null}
	 */
	ScriptAnswer write(Script script, HttpServletRequest request, HttpServletResponse response, ScriptProcess process,
			@Nullable UpgradeInput upgrade) throws IOException {
		InputStream stdout = process.stdout();
		ScriptResponse head;
		try {
			head = this.parser.parse(stdout, script.nph(), (upgrade != null) ? request.getHeader("Upgrade") : null);
		}
		catch (MalformedScriptOutputException ex) {
			return refuse(script, response, process, ex.getMessage());
		}
		if (upgrade != null && head.status() == 101) {
			return this.pipes.open(script, head, request, response, process, upgrade);
		}
		if (!script.nph() && head.isLocalRedirect()) {
			return ScriptAnswer.localRedirect(head.location());
		}
		if (!script.nph() && this.handedOver.appliesTo(head)) {
			return this.handedOver.write(script, head, request, response, process);
		}
		// As Go's net/http/cgi: a document needs a Content-Type, but an answer that only
		// sets a status (git-http-backend's 403 and 404) passes through as it is.
		if (!script.nph() && head.contentType() == null && head.location() == null && head.status() == 0) {
			return refuse(script, response, process, "the response has no Content-Type, Status or Location");
		}
		int status = (head.status() != 0) ? head.status() : ((head.location() != null) ? 302 : 200);
		writeHead(head, status, response);
		boolean sendBody = !request.getMethod().equals("HEAD") && status != 204 && status != 304 && status >= 200;
		boolean eventStream = EventStreamType.matches(head.contentType());
		if (!sendBody && eventStream) {
			// An event stream does not end by itself, and nobody reads this one.
			process.discard();
			drain(stdout);
			return ScriptAnswer.eventStreamEnded(status);
		}
		if (!sendBody) {
			drain(stdout);
			return ScriptAnswer.complete(status);
		}
		if (eventStream) {
			return copyEventStream(script, head, stdout, response, process, status);
		}
		return copyBody(head, stdout, response, process, status);
	}

	private static void writeHead(ScriptResponse head, int status, HttpServletResponse response) {
		response.setStatus(status);
		for (ScriptResponse.Header header : head.headers()) {
			response.addHeader(header.name(), header.value());
		}
		if (EventStreamType.matches(head.contentType()) && !response.containsHeader(NO_PROXY_BUFFERING)) {
			// nginx in front would otherwise hold events back in its proxy buffer.
			response.setHeader(NO_PROXY_BUFFERING, "no");
		}
		if (head.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, head.location());
		}
		if (head.contentType() != null) {
			response.setContentType(head.contentType());
		}
		if (head.contentLength() >= 0) {
			response.setContentLengthLong(head.contentLength());
		}
	}

	private ScriptAnswer refuse(Script script, HttpServletResponse response, ScriptProcess process, String reason)
			throws IOException {
		process.discard();
		if (process.aborted()) {
			this.refusals.clientGone(response);
			return ScriptAnswer.failed(Refusals.CLIENT_CLOSED_REQUEST, CLIENT_WENT_AWAY);
		}
		if (process.timedOut()) {
			logger.warn("CGI script {} timed out before its headers", script.scriptName());
			response.sendError(HttpServletResponse.SC_GATEWAY_TIMEOUT, "The script did not answer in time");
			return ScriptAnswer.failed(504, "timed out");
		}
		ProcessResult ended = exitWithin(process, EXIT_WAIT);
		String lastError = (ended != null) ? lastLine(ended.stderrTail()) : "";
		if (ended != null && isExecFailure(ended, lastError)) {
			logger.error("CGI script {} could not be executed: {}", script.scriptName(), lastError);
			this.refusals.notStarted(response);
			return ScriptAnswer.failed(502, "could not be executed: " + lastError);
		}
		logger.warn("CGI script {} wrote a malformed response: {}{}", script.scriptName(), reason,
				(ended != null) ? " (exit status " + ended.exitCode()
						+ (lastError.isEmpty() ? "" : "; stderr: " + lastError) + ")" : "");
		response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "The script's response was malformed");
		return ScriptAnswer.failed(502, "malformed output: " + reason);
	}

	/**
	 * How a refused script ended, for the log: it has usually exited by now (or was just
	 * stopped), and its end is known without waiting for the response side.
	 */
	private static @Nullable ProcessResult exitWithin(ScriptProcess process, Duration wait) {
		try {
			return process.exited().get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException | TimeoutException ex) {
			return null;
		}
	}

	/**
	 * A script started through a wrapper whose exec failed (permissions, a missing or
	 * broken {@code #!} interpreter): the wrapper says so on standard error and exits
	 * 126 or 127 with no output. Started directly, such a script fails to start instead.
	 */
	private static boolean isExecFailure(ProcessResult ended, String lastError) {
		return EXEC_FAILED.contains(ended.exitCode()) && ended.bytesOut() == 0
				&& lastError.contains("failed to execute");
	}

	private static String lastLine(String text) {
		String stripped = text.strip();
		int newline = stripped.lastIndexOf('\n');
		return (newline >= 0) ? stripped.substring(newline + 1) : stripped;
	}

	private ScriptAnswer copyBody(ScriptResponse head, InputStream stdout, HttpServletResponse response,
			ScriptProcess process, int status) throws IOException {
		long limit = (head.contentLength() >= 0) ? head.contentLength() : Long.MAX_VALUE;
		long written;
		try {
			written = copy(head.bodyStart(), stdout, response.getOutputStream(), limit, false);
		}
		catch (IOException ex) {
			if (process.timedOut()) {
				return ScriptAnswer.cutOff(status, TIMED_OUT_AFTER_HEADERS);
			}
			process.abort();
			logger.debug("Client went away during {}: {}", head, ex.getMessage());
			return ScriptAnswer.failed(status, CLIENT_WENT_AWAY);
		}
		if (process.timedOut()) {
			return ScriptAnswer.cutOff(status, TIMED_OUT_AFTER_HEADERS);
		}
		if (process.aborted()) {
			return ScriptAnswer.cutOff(status, CLIENT_WENT_AWAY);
		}
		if (limit != Long.MAX_VALUE && written < limit) {
			return ScriptAnswer.cutOff(status, "the script wrote less than its Content-Length");
		}
		drain(stdout);
		return ScriptAnswer.complete(status);
	}

	/**
	 * Copies an event stream under its own limits, which take over from the page limits
	 * now that the script has answered. Whether the script ends it or a limit does (which
	 * says so in one log line), the response ends normally: an event stream has no length
	 * to fall short of. A client that leaves has the script stopped.
	 */
	private ScriptAnswer copyEventStream(Script script, ScriptResponse head, InputStream stdout,
			HttpServletResponse response, ScriptProcess process, int status) throws IOException {
		EventStreamLimits limits = script.eventStream();
		process.relimit(limits.maxDuration(), limits.idleTimeout());
		long limit = (head.contentLength() >= 0) ? head.contentLength() : Long.MAX_VALUE;
		try {
			copy(head.bodyStart(), stdout, response.getOutputStream(), limit, true);
		}
		catch (IOException ex) {
			if (!process.timedOut()) {
				process.abort();
				logger.debug("Client went away during the event stream of {}: {}", script.scriptName(),
						ex.getMessage());
				return ScriptAnswer.failed(status, CLIENT_WENT_AWAY);
			}
		}
		if (process.aborted()) {
			return ScriptAnswer.cutOff(status, CLIENT_WENT_AWAY);
		}
		if (process.stoppedFor() == Termination.TIMED_OUT) {
			logger.info("CGI script {}: event stream ended by its maximum duration ({})", script.scriptName(),
					limits.maxDuration());
		}
		else if (process.stoppedFor() == Termination.IDLE_TIMED_OUT) {
			logger.info("CGI script {}: event stream ended by its idle limit (no output for {})",
					script.scriptName(), limits.idleTimeout());
		}
		else {
			drain(stdout);
		}
		return ScriptAnswer.eventStreamEnded(status);
	}

	/**
	 * Copies the body, at most {@code limit} bytes, flushing whenever the script has
	 * nothing more ready: its output reaches the client as it is produced, while bulk
	 * output goes out in full buffers. An event stream is flushed after every write of
	 * its script instead: each event is due at once, however fast the next one follows.
	 * @return the bytes written
	 */
	private static long copy(byte[] start, InputStream stdout, OutputStream out, long limit, boolean flushEachWrite)
			throws IOException {
		byte[] buffer = new byte[BUFFER_SIZE];
		int first = (int) Math.min(start.length, limit);
		out.write(start, 0, first);
		long written = first;
		// An event stream's head goes out at once, before its first event: an EventSource
		// opens on the head alone.
		if (flushEachWrite || stdout.available() == 0) {
			out.flush();
		}
		while (written < limit) {
			int read = stdout.read(buffer, 0, (int) Math.min(buffer.length, limit - written));
			if (read < 0) {
				break;
			}
			out.write(buffer, 0, read);
			written += read;
			if (flushEachWrite || stdout.available() == 0) {
				out.flush();
			}
		}
		return written;
	}

	/** Reads what is left, so that a script is not killed by SIGPIPE for output nobody wants. */
	private static void drain(InputStream stdout) {
		try {
			stdout.transferTo(OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			// Killed or closed: nothing more to read.
		}
	}

}
