package org.cgiserver.cgi;

import java.io.IOException;
import java.util.concurrent.Executor;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.connection.ClientConnection;
import org.cgiserver.connection.ConnectionShutdown;
import org.cgiserver.process.ScriptProcess;

/**
 * Hands a connection over to the script that answered 101: sends the script's
 * handshake headers with the 101, lifts the run's time limits, and joins the connection
 * to the script with a {@link ScriptPipe} once the container has sent the 101.
 */
final class ScriptPipes {

	private static final Logger logger = LoggerFactory.getLogger(ScriptPipes.class);

	private final Executor executor;

	private final ConnectionShutdown shutdown;

	/**
	 * @param executor runs the copies of the scripts' output, one blocking thread per pipe
	 * @param shutdown ends a connection once its script is done with it
	 */
	ScriptPipes(Executor executor, ConnectionShutdown shutdown) {
		this.executor = executor;
		this.shutdown = shutdown;
	}

	ScriptAnswer open(Script script, ScriptResponse head, HttpServletRequest request, HttpServletResponse response,
			ScriptProcess process, UpgradeInput input) throws IOException {
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
		// Not cut by cgi.timeout nor the idle limit: a session lasts as long as both ends hold it.
		process.liftLimits();
		ClientConnection client = ClientConnection.of(request);
		pipe.attach(script.scriptName(), process, input, head.bodyStart(), this.executor,
				() -> this.shutdown.shutDown(client));
		logger.debug("CGI script {} took over its connection ({})", script.scriptName(), head.upgrade());
		return ScriptAnswer.upgraded();
	}

}
