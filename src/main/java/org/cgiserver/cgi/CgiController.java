package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.coyote.CloseNowException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.connection.ClientConnection;
import org.cgiserver.connection.ClientDisconnectWatcher;
import org.cgiserver.process.ProcessAbandonedException;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.process.ProcessRejectedException;
import org.cgiserver.process.ProcessStartException;
import org.cgiserver.process.ScriptProcess;
import org.cgiserver.text.LogText;

import org.springframework.web.HttpRequestHandler;

/**
 * Answers requests for CGI scripts: request, resolved script, environment, execution,
 * parsed output, response, recorded run.
 */
public final class CgiController implements HttpRequestHandler {

	private static final Logger logger = LoggerFactory.getLogger(CgiController.class);

	static final String LOOKUP_ATTRIBUTE = CgiController.class.getName() + ".lookup";

	private final RequestBodies bodies;

	private final Refusals refusals;

	private final ProcessSpecFactory specs;

	private final ProcessExecutionService processes;

	private final ClientDisconnectWatcher disconnects;

	private final ScriptResponseWriter writer;

	private final LocalRedirects redirects;

	private final RunRecorder recorder;

	CgiController(RequestBodies bodies, Refusals refusals, ProcessSpecFactory specs, ProcessExecutionService processes,
			ClientDisconnectWatcher disconnects, ScriptResponseWriter writer, LocalRedirects redirects,
			RunRecorder recorder) {
		this.bodies = bodies;
		this.refusals = refusals;
		this.specs = specs;
		this.processes = processes;
		this.disconnects = disconnects;
		this.writer = writer;
		this.redirects = redirects;
		this.recorder = recorder;
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		ScriptLookup lookup = (ScriptLookup) request.getAttribute(LOOKUP_ATTRIBUTE);
		if (lookup instanceof ScriptLookup.Found found) {
			run(found.script(), request, response);
		}
		else if (lookup instanceof ScriptLookup.Forbidden forbidden) {
			logger.info("Refused CGI request for {}: {}", request.getRequestURI(), forbidden.reason());
			response.sendError(HttpServletResponse.SC_FORBIDDEN, "Forbidden");
		}
		else {
			response.sendError(HttpServletResponse.SC_NOT_FOUND, "No such CGI script");
		}
	}

	private void run(Script script, HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		Instant time = Instant.now();
		boolean upgrade = script.upgrade().requestedBy(request);
		if (upgrade && !script.upgrade().originAllowed(request)) {
			logger.info("Refused upgrade request for {} from a page of {}: not its own origin nor one of the prefix's "
					+ "origins", script.scriptName(), LogText.quoted(request.getHeader("Origin"), 100));
			response.sendError(HttpServletResponse.SC_FORBIDDEN, "Forbidden");
			return;
		}
		RequestBody body;
		try {
			body = this.bodies.open(request);
		}
		catch (RequestBody.TooLargeException ex) {
			logger.info("Request body for {} refused: larger than cgi.max-request-body ({} bytes)",
					script.scriptName(), this.bodies.maxSize());
			this.refusals.bodyTooLarge(response, this.bodies.maxSize());
			return;
		}
		try (body) {
			// One watch from the queue to the answer: a client that leaves while its
			// request waits for a slot gives up its place, and later stops its script.
			CompletableFuture<Void> gone = new CompletableFuture<>();
			ClientConnection connection = ClientConnection.of(request);
			ClientDisconnectWatcher.Watch watch = this.disconnects.watch(connection, () -> gone.complete(null));
			UpgradeInput input = upgrade ? new UpgradeInput(body.stream()) : null;
			ScriptProcess process;
			try {
				process = start(script, (input != null) ? input : body.stream(), body.length(), time, gone, request,
						response);
			}
			catch (IOException | RuntimeException ex) {
				watch.close();
				throw ex;
			}
			if (process == null) {
				watch.close();
				return;
			}
			gone.thenRun(() -> abandon(script, process));
			answer(script, process, watch, input, time, request, response);
		}
	}

	private @Nullable ScriptProcess start(Script script, @Nullable InputStream stdin, long bodyLength, Instant time,
			CompletableFuture<?> gone, HttpServletRequest request, HttpServletResponse response) throws IOException {
		try {
			return this.processes.start(this.specs.spec(script, CgiRequest.from(request), bodyLength), stdin, gone);
		}
		catch (ProcessRejectedException ex) {
			this.refusals.busy(response, ex.getRetryAfter());
			this.recorder.rejected(request, time, script, ex.getMessage());
		}
		catch (ProcessAbandonedException ex) {
			logger.info("Client of CGI script {} left while waiting for a slot", script.scriptName());
			this.refusals.clientGone(response);
			this.recorder.abandoned(request, time, script);
		}
		catch (ProcessStartException ex) {
			logger.error("CGI script {} could not be started: {}", script.scriptName(), ex.getMessage());
			this.refusals.notStarted(response);
			this.recorder.startFailed(request, time, script, ex.getMessage());
		}
		return null;
	}

	private void answer(Script script, ScriptProcess process, ClientDisconnectWatcher.Watch watch,
			@Nullable UpgradeInput upgrade, Instant time, HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		ScriptStart start = this.recorder.started(request, time, script);
		ScriptAnswer answer;
		try {
			answer = this.writer.write(script, request, response, process, upgrade);
		}
		catch (IOException | RuntimeException ex) {
			end(process, watch, upgrade);
			process.abort();
			this.recorder.whenDone(request, start,
					ScriptAnswer.failed(response.getStatus(), "the response failed: " + ex.getMessage()), process);
			throw ex;
		}
		if (answer.isUpgraded()) {
			// The pipe ends the run; the watch still stops a script whose client vanishes.
			process.result().whenComplete((result, failure) -> watch.close());
		}
		else {
			end(process, watch, upgrade);
		}
		this.recorder.whenDone(request, start, answer, process);
		if (answer.localRedirect() != null) {
			this.redirects.forward(answer.localRedirect(), request, response);
		}
		else if (answer.cutOff()) {
			if (!process.aborted()) {
				logger.warn("CGI script {}: response cut off, {}", script.scriptName(), answer.failure());
			}
			// Tomcat closes the connection instead of ending the body, so the client never
			// takes a truncated body for a complete one. Tomcat logs this exception quietly,
			// and Spring does not take it for a client that went away (which it would
			// answer by ending the response normally).
			throw new CloseNowException("Response of " + script.scriptName() + " cut off: " + answer.failure());
		}
	}

	/** Ends the response side of a run that did not take over its connection. */
	private static void end(ScriptProcess process, ClientDisconnectWatcher.Watch watch,
			@Nullable UpgradeInput upgrade) {
		try (process; watch) {
			if (upgrade != null) {
				upgrade.end();
			}
		}
	}

	private static void abandon(Script script, ScriptProcess process) {
		logger.info("Client of CGI script {} disconnected; stopping the script", script.scriptName());
		process.abort();
	}

}
