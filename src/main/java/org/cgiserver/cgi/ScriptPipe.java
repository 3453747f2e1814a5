package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.process.ScriptProcess;

/**
 * A connection a script took over with a 101, as lighttpd's {@code cgi.upgrade} gives it:
 * a transparent byte pipe, the client's bytes to the script's standard input and its
 * standard output to the client, for as long as both ends hold it. Nothing here reads
 * the protocol spoken over it. When the client closes, the script's input ends and the
 * script is stopped with its processes (SIGTERM, then SIGKILL after the kill grace); when
 * the script's output ends, its input ends too and the connection is closed. The
 * container creates this class by name, hence public.
 */
public final class ScriptPipe implements HttpUpgradeHandler {

	private static final Logger logger = LoggerFactory.getLogger(ScriptPipe.class);

	private static final int BUFFER_SIZE = 16384;

	private final AtomicBoolean clientDone = new AtomicBoolean();

	private final AtomicBoolean scriptDone = new AtomicBoolean();

	private @Nullable Run run;

	private volatile @Nullable WebConnection connection;

	/**
	 * What the pipe joins, given before the container hands the connection over.
	 * @param scriptName the script's URL path, for the log
	 * @param process the script
	 * @param input the script's standard input
	 * @param outputStart what the script wrote after its headers
	 * @param executor runs the copy of the script's output
	 * @param shutdown ends the connection from the server's side
	 */
	void attach(String scriptName, ScriptProcess process, UpgradeInput input, byte[] outputStart, Executor executor,
			Runnable shutdown) {
		this.run = new Run(scriptName, process, input, outputStart, executor, shutdown);
	}

	@Override
	public void init(WebConnection connection) {
		Run run = this.run;
		if (run == null) {
			throw new IllegalStateException("No script is attached to this connection");
		}
		this.connection = connection;
		try {
			ServletInputStream in = connection.getInputStream();
			ServletOutputStream out = connection.getOutputStream();
			// Blocking reads on a thread of the pipe's own, not a listener on the container's
			// threads: a script that does not read its input then holds back this thread and
			// its client only, never a thread that serves other requests.
			run.executor().execute(() -> copyInput(run, in));
			run.executor().execute(() -> copyOutput(run, out));
		}
		catch (IOException | RuntimeException ex) {
			logger.info("CGI script {}: the connection it took over failed at once: {}", run.scriptName(),
					ex.getMessage());
			clientGone(run);
			scriptGone(run);
		}
	}

	@Override
	public void destroy() {
		Run run = this.run;
		if (run != null) {
			clientGone(run);
			if (this.connection == null) {
				// The 101 never reached the client (its connection failed first): no copy of
				// the script's output runs to end the run on this side.
				scriptGone(run);
			}
		}
	}

	private void copyInput(Run run, ServletInputStream in) {
		byte[] buffer = new byte[BUFFER_SIZE];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				// Once the script's input has ended, what the client sends goes nowhere.
				run.input().push(buffer, 0, read);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("CGI script {}: its connection failed: {}", run.scriptName(), ex.getMessage());
		}
		finally {
			clientGone(run);
		}
	}

	private void copyOutput(Run run, ServletOutputStream out) {
		InputStream stdout = run.process().stdout();
		try {
			out.write(run.outputStart());
			out.flush();
			byte[] buffer = new byte[BUFFER_SIZE];
			int read;
			while ((read = stdout.read(buffer)) != -1) {
				out.write(buffer, 0, read);
				if (stdout.available() == 0) {
					out.flush();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client is gone or its side was closed: the script is stopped below.
			logger.debug("CGI script {}: copying its output ended: {}", run.scriptName(), ex.getMessage());
		}
		finally {
			scriptGone(run);
		}
	}

	/** The script's output ended: its input ends too, and the run is over on this side. */
	private void scriptGone(Run run) {
		if (!this.scriptDone.compareAndSet(false, true)) {
			return;
		}
		run.input().end();
		closeConnection(true);
		if (!this.clientDone.get()) {
			// Tomcat closes an upgraded connection when it next hears from it: the end of
			// the stream tells the client-side listener that the pipe is over.
			run.shutdown().run();
		}
		run.process().close();
	}

	/**
	 * The client closed its side, or the connection failed: the script's input ends and
	 * the script is stopped, unless it has already ended on its own.
	 */
	private void clientGone(Run run) {
		if (!this.clientDone.compareAndSet(false, true)) {
			return;
		}
		run.input().end();
		if (!this.scriptDone.get()) {
			logger.debug("CGI script {}: its client closed the connection; stopping the script", run.scriptName());
			run.process().abort();
		}
		closeConnection(false);
	}

	/**
	 * Closes the connection's streams; the container closes the connection once both are
	 * closed and it next looks at it (at once when the client has closed its side).
	 */
	private void closeConnection(boolean outputOnly) {
		WebConnection connection = this.connection;
		if (connection == null) {
			return;
		}
		try {
			if (outputOnly) {
				connection.getOutputStream().close();
			}
			else {
				connection.close();
			}
		}
		catch (Exception ex) {
			// Already closed.
		}
	}

	private record Run(String scriptName, ScriptProcess process, UpgradeInput input, byte[] outputStart,
			Executor executor, Runnable shutdown) {
	}

}
