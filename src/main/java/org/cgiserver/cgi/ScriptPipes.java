package org.cgiserver.cgi;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.connection.ClientConnection;
import org.cgiserver.connection.ConnectionShutdown;
import org.cgiserver.process.ScriptProcess;
import org.cgiserver.process.SessionSlots;

/**
 * Hands a connection over to the script that answered 101: takes one of the
 * conversations' slots for it (503 when {@code cgi.websocket.max-sessions} are open),
 * sends the script's handshake headers with the 101, makes the run a conversation (its
 * CGI slot given back, its time limits replaced by the conversations' longest duration),
 * and joins the connection to the script with a {@link ScriptPipe} once the container
 * has sent the 101.
 */
final class ScriptPipes {

	private static final Logger logger = LoggerFactory.getLogger(ScriptPipes.class);

	private final Executor executor;

	private final ConnectionShutdown shutdown;

	private final SessionSlots slots;

	private final Duration maxDuration;

	/**
	 * @param executor runs the copies of the scripts' output, one blocking thread per pipe
	 * @param shutdown ends a connection once its script is done with it
	 * @param slots the cap of conversations ({@code cgi.websocket.max-sessions}), which a
	 * pipe counts against in place of a CGI slot
	 * @param maxDuration the longest a pipe lasts ({@code cgi.websocket.max-duration})
	 */
	ScriptPipes(Executor executor, ConnectionShutdown shutdown, SessionSlots slots, Duration maxDuration) {
		this.executor = executor;
		this.shutdown = shutdown;
		this.slots = slots;
		this.maxDuration = maxDuration;
	}

	ScriptAnswer open(Script script, ScriptResponse head, HttpServletRequest request, HttpServletResponse response,
			ScriptProcess process, UpgradeInput input) throws IOException {
		if (!this.slots.tryTake()) {
			logger.warn("CGI script {} answered 101, refused with 503: cgi.websocket.max-sessions ({}) are open",
					script.scriptName(), this.slots.max());
			process.discard();
			response.setHeader("Retry-After", "1");
			response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Too many sessions are open");
			return ScriptAnswer.failed(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
					"cgi.websocket.max-sessions are open");
		}
		// Held until the script has exited, however the pipe ends, or whether it began.
		process.exited().whenComplete((result, failure) -> this.slots.release());
		for (ScriptResponse.Header header : head.headers()) {
			response.addHeader(header.name(), header.value());
		}
		response.setHeader("Upgrade", head.upgrade());
		response.setHeader("Connection", "Upgrade");
		ScriptPipe pipe;
		try {
			pipe = request.upgrade(ScriptPipe.class);
		}
		catch (ServletException ex) {
			throw new IOException("the connection cannot be upgraded: " + ex.getMessage(), ex);
		}
		// Not cut by cgi.timeout nor the idle limit: a session lasts as long as both ends hold
		// it, up to its longest duration; and it no longer takes a CGI slot from short requests.
		process.becomeConversation(this.maxDuration);
		ClientConnection client = ClientConnection.of(request);
		pipe.attach(script.scriptName(), process, input, head.bodyStart(), this.executor,
				() -> this.shutdown.shutDown(client));
		logger.debug("CGI script {} took over its connection ({})", script.scriptName(), head.upgrade());
		return ScriptAnswer.upgraded();
	}

}
