package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.coyote.CloseNowException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.cgi.ScriptRun.Outcome;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.process.ProcessRejectedException;
import org.cgiserver.process.ProcessResult;
import org.cgiserver.process.ProcessSpec;
import org.cgiserver.process.ProcessStartException;
import org.cgiserver.process.ScriptProcess;

import org.springframework.http.HttpHeaders;
import org.springframework.web.HttpRequestHandler;

/**
 * Answers requests for CGI scripts: request, resolved script, environment, execution,
 * parsed output, response, recorded run.
 */
public final class CgiController implements HttpRequestHandler {

	private static final Logger logger = LoggerFactory.getLogger(CgiController.class);

	static final String LOOKUP_ATTRIBUTE = CgiController.class.getName() + ".lookup";

	/** Request attribute naming the script that answered, for the access log. */
	public static final String SCRIPT_ATTRIBUTE = CgiController.class.getName() + ".script";

	/** Request attribute with the run's outcome to come, a {@code CompletableFuture<String>}. */
	public static final String OUTCOME_ATTRIBUTE = CgiController.class.getName() + ".outcome";

	private static final String REDIRECTS_ATTRIBUTE = CgiController.class.getName() + ".redirects";

	private static final int BUFFER_SIZE = 65536;

	/** The status recorded when the client left before the script answered, as nginx logs it. */
	private static final int CLIENT_CLOSED_REQUEST = 499;

	private static final String CLIENT_WENT_AWAY = "client went away";

	/** How long a refused script's exit is waited for, to log how it ended. */
	private static final Duration EXIT_WAIT = Duration.ofSeconds(1);


	private final CgiEnvironment environment;

	private final ScriptOutputParser parser;

	private final ProcessExecutionService processes;

	private final ScriptRunListener listener;

	private final ClientDisconnectWatcher disconnects;

	private final CgiSettings settings;

	public CgiController(CgiEnvironment environment, ScriptOutputParser parser, ProcessExecutionService processes,
			ScriptRunListener listener, ClientDisconnectWatcher disconnects, CgiSettings settings) {
		this.environment = environment;
		this.parser = parser;
		this.processes = processes;
		this.listener = listener;
		this.disconnects = disconnects;
		this.settings = settings;
	}

	/**
	 * The limits and switches the controller works with.
	 *
	 * @param maxRequestBody the largest request body, in bytes
	 * @param maxLocalRedirects the most local redirects one request may follow
	 * @param commandLineArguments whether RFC 3875 4.4 arguments are passed
	 * @param idleTimeout the output-inactivity limit, or {@code null}
	 */
	public record CgiSettings(long maxRequestBody, int maxLocalRedirects, boolean commandLineArguments,
			@Nullable Duration idleTimeout) {
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
		String method = request.getMethod();
		RequestBody body;
		try {
			body = RequestBody.open(request, this.settings.maxRequestBody());
		}
		catch (RequestBody.TooLargeException ex) {
			refuseBody(script, response);
			return;
		}
		try (body) {
			CgiRequest cgiRequest = CgiRequest.from(request);
			ProcessSpec spec = new ProcessSpec(script.scriptName(), command(script, cgiRequest),
					this.environment.build(cgiRequest, script, body.length()), script.file().getParent(),
					script.timeout(), this.settings.idleTimeout());
			ScriptProcess process;
			try {
				process = this.processes.start(spec, body.stream());
			}
			catch (ProcessRejectedException ex) {
				closeQuietly(body.stream());
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.getRetryAfter().toSeconds())));
				response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Too many scripts are running; try again later");
				record(request, new ScriptRun(time, script.scriptName(), method, 503, Outcome.REJECTED, -1, 0,
						Duration.ZERO, 0, 0, ex.getMessage(), ""));
				return;
			}
			catch (ProcessStartException ex) {
				closeQuietly(body.stream());
				logger.error("CGI script {} could not be started: {}", script.scriptName(), ex.getMessage());
				response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "The script could not be started");
				record(request, new ScriptRun(time, script.scriptName(), method, 502, Outcome.FAILURE, -1, 0,
						Duration.ZERO, 0, 0, ex.getMessage(), ""));
				return;
			}
			this.listener.onStart(script.scriptName());
			Answer answer;
			try (process; ClientDisconnectWatcher.Watch watch = this.disconnects.watch(ClientConnection.of(request),
					() -> abandon(script, process))) {
				answer = respond(script, request, response, process);
			}
			catch (IOException | RuntimeException ex) {
				process.abort();
				answer = new Answer(response.getStatus(), "the response failed: " + ex.getMessage(), null, false);
				recordWhenDone(request, time, script, method, answer, process);
				throw ex;
			}
			recordWhenDone(request, time, script, method, answer, process);
			if (answer.localRedirect() != null) {
				forward(answer.localRedirect(), request, response);
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
	}

	private static void abandon(Script script, ScriptProcess process) {
		logger.info("Client of CGI script {} disconnected; stopping the script", script.scriptName());
		process.abort();
	}

	/**
	 * Answers 413 at once and closes the connection: an error page would only be sent
	 * after the container has tried to swallow the rest of the unread body.
	 */
	private void refuseBody(Script script, HttpServletResponse response) throws IOException {
		logger.info("Request body for {} refused: larger than cgi.max-request-body ({} bytes)", script.scriptName(),
				this.settings.maxRequestBody());
		byte[] body = ("Request body larger than " + this.settings.maxRequestBody() + " bytes\n")
			.getBytes(StandardCharsets.US_ASCII);
		response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		response.setHeader(HttpHeaders.CONNECTION, "close");
		response.setContentType("text/plain;charset=us-ascii");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	private List<String> command(Script script, CgiRequest request) {
		List<String> command = new ArrayList<>(4);
		if (script.interpreter() != null) {
			command.add(script.interpreter());
		}
		command.add(script.file().toString());
		if (this.settings.commandLineArguments()
				&& (request.method().equals("GET") || request.method().equals("HEAD"))) {
			command.addAll(SearchArguments.parse(request.queryString()));
		}
		return command;
	}

	/**
	 * What the client got.
	 *
	 * @param status the status sent
	 * @param failure why the response is a failure, or {@code null}
	 * @param localRedirect the path to answer with instead, or {@code null}
	 * @param cutOff whether the response must be cut off rather than ended
	 */
	private record Answer(int status, @Nullable String failure, @Nullable String localRedirect, boolean cutOff) {

		static Answer ok(int status) {
			return new Answer(status, null, null, false);
		}

	}

	private Answer respond(Script script, HttpServletRequest request, HttpServletResponse response,
			ScriptProcess process) throws IOException {
		InputStream stdout = process.stdout();
		ScriptResponse head;
		try {
			head = script.nph() ? this.parser.parseNph(stdout) : this.parser.parse(stdout);
		}
		catch (MalformedScriptOutputException ex) {
			return refuse(script, response, process, ex.getMessage());
		}
		if (!script.nph() && head.isLocalRedirect()) {
			return new Answer(0, null, head.location(), false);
		}
		int status = (head.status() != 0) ? head.status() : ((head.location() != null) ? 302 : 200);
		if (!script.nph() && head.contentType() == null && head.location() == null && status != 204 && status != 304) {
			return refuse(script, response, process, "the response has no Content-Type");
		}
		response.setStatus(status);
		for (ScriptResponse.Header header : head.headers()) {
			response.addHeader(header.name(), header.value());
		}
		if (head.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, head.location());
		}
		if (head.contentType() != null) {
			response.setContentType(head.contentType());
		}
		boolean sendBody = !request.getMethod().equals("HEAD") && status != 204 && status != 304 && status >= 200;
		if (!sendBody) {
			if (head.contentLength() >= 0) {
				response.setContentLengthLong(head.contentLength());
			}
			drain(stdout);
			return Answer.ok(status);
		}
		if (head.contentLength() >= 0) {
			response.setContentLengthLong(head.contentLength());
		}
		return copyBody(head, stdout, response, process, status);
	}

	private Answer refuse(Script script, HttpServletResponse response, ScriptProcess process, String reason)
			throws IOException {
		process.discard();
		if (process.aborted()) {
			// Nobody is listening: no error page, and the connection is closed. The status
			// is for the access log, as nginx logs a client that closed its request.
			response.setStatus(CLIENT_CLOSED_REQUEST);
			response.setHeader(HttpHeaders.CONNECTION, "close");
			response.setContentLength(0);
			return new Answer(CLIENT_CLOSED_REQUEST, CLIENT_WENT_AWAY, null, false);
		}
		if (process.timedOut()) {
			logger.warn("CGI script {} timed out before its headers", script.scriptName());
			response.sendError(HttpServletResponse.SC_GATEWAY_TIMEOUT, "The script did not answer in time");
			return new Answer(504, "timed out", null, false);
		}
		logger.warn("CGI script {} wrote a malformed response: {}{}", script.scriptName(), reason, howItEnded(process));
		response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "The script's response was malformed");
		return new Answer(502, "malformed output: " + reason, null, false);
	}

	/**
	 * The exit status and standard error of a refused script, for the log: a script that
	 * could not be executed (bad interpreter line, permissions) shows up this way when it
	 * is started through a wrapper.
	 */
	private static String howItEnded(ScriptProcess process) {
		try {
			ProcessResult result = process.result().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			String stderr = result.stderrTail().strip();
			int newline = stderr.lastIndexOf('\n');
			String lastLine = (newline >= 0) ? stderr.substring(newline + 1) : stderr;
			return " (exit status " + result.exitCode() + (lastLine.isEmpty() ? "" : "; stderr: " + lastLine) + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
		catch (ExecutionException | TimeoutException ex) {
			return "";
		}
	}

	private Answer copyBody(ScriptResponse head, InputStream stdout, HttpServletResponse response,
			ScriptProcess process, int status) throws IOException {
		long limit = (head.contentLength() >= 0) ? head.contentLength() : Long.MAX_VALUE;
		OutputStream out = response.getOutputStream();
		byte[] buffer = new byte[BUFFER_SIZE];
		long written = 0;
		try {
			byte[] start = head.bodyStart();
			int first = (int) Math.min(start.length, limit);
			out.write(start, 0, first);
			written += first;
			if (stdout.available() == 0) {
				out.flush();
			}
			while (written < limit) {
				int read = stdout.read(buffer, 0, (int) Math.min(buffer.length, limit - written));
				if (read < 0) {
					break;
				}
				out.write(buffer, 0, read);
				written += read;
				// Flush when the script has nothing more ready: its output reaches the client
				// as it is produced, while bulk output goes out in full buffers.
				if (stdout.available() == 0) {
					out.flush();
				}
			}
		}
		catch (IOException ex) {
			if (process.timedOut()) {
				return new Answer(status, "timed out after the headers were sent", null, true);
			}
			process.abort();
			logger.debug("Client went away during {}: {}", head, ex.getMessage());
			return new Answer(status, CLIENT_WENT_AWAY, null, false);
		}
		if (process.timedOut()) {
			return new Answer(status, "timed out after the headers were sent", null, true);
		}
		if (process.aborted()) {
			return new Answer(status, CLIENT_WENT_AWAY, null, true);
		}
		if (limit != Long.MAX_VALUE && written < limit) {
			return new Answer(status, "the script wrote less than its Content-Length", null, true);
		}
		drain(stdout);
		return Answer.ok(status);
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

	private void forward(String location, HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		Integer count = (Integer) request.getAttribute(REDIRECTS_ATTRIBUTE);
		int next = (count != null) ? count + 1 : 1;
		RequestDispatcher dispatcher = (next <= this.settings.maxLocalRedirects())
				? request.getRequestDispatcher(location) : null;
		if (dispatcher == null) {
			logger.warn("Local redirect to {} refused (redirect {} of at most {})", location, next,
					this.settings.maxLocalRedirects());
			response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "The script's local redirect could not be followed");
			return;
		}
		request.setAttribute(REDIRECTS_ATTRIBUTE, next);
		dispatcher.forward(new LocalRedirectRequest(request), response);
	}

	private void record(HttpServletRequest request, ScriptRun run) {
		request.setAttribute(SCRIPT_ATTRIBUTE, run.scriptName());
		request.setAttribute(OUTCOME_ATTRIBUTE, CompletableFuture.completedFuture(run.outcome().tag()));
		this.listener.onRun(run);
	}

	/**
	 * Records the run once the script has exited, which is usually at once but may be
	 * later (a script that closed its output and goes on). The access log gets the
	 * outcome as a future, so that nothing waits for it on the way to the client.
	 */
	private void recordWhenDone(HttpServletRequest request, Instant time, Script script, String method, Answer answer,
			ScriptProcess process) {
		CompletableFuture<ScriptRun> run = process.result()
			.thenApply((result) -> toRun(time, script, method, answer, result));
		request.setAttribute(SCRIPT_ATTRIBUTE, script.scriptName());
		request.setAttribute(OUTCOME_ATTRIBUTE, run.thenApply((done) -> done.outcome().tag()));
		run.thenAccept(this.listener::onRun);
	}

	private static ScriptRun toRun(Instant time, Script script, String method, Answer answer, ProcessResult result) {
		Outcome outcome;
		String reason = answer.failure();
		switch (result.termination()) {
			case TIMED_OUT, IDLE_TIMED_OUT -> {
				outcome = Outcome.TIMEOUT;
				reason = (result.termination() == ProcessResult.Termination.TIMED_OUT) ? "wall-clock limit reached"
						: "no output within the idle limit";
			}
			case ABORTED -> outcome = Outcome.ABORTED;
			default -> {
				if (reason != null) {
					outcome = Outcome.FAILURE;
				}
				else if (result.signal() != 0) {
					outcome = Outcome.FAILURE;
					reason = "killed by signal " + result.signal();
				}
				else if (result.exitCode() != 0) {
					outcome = Outcome.FAILURE;
					reason = "exit status " + result.exitCode();
				}
				else {
					outcome = Outcome.SUCCESS;
				}
			}
		}
		int status = (answer.localRedirect() != null) ? 200 : answer.status();
		return new ScriptRun(time, script.scriptName(), method, status, outcome, result.exitCode(), result.signal(),
				result.duration(), result.bytesIn(), result.bytesOut(), reason, result.stderrTail());
	}

	private static void closeQuietly(@Nullable InputStream stream) {
		if (stream != null) {
			try {
				stream.close();
			}
			catch (IOException ex) {
				// Nothing to do.
			}
		}
	}

}
