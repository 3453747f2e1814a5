package org.cgiserver.process.spawn;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.spawn.helper.HelperProtocol;
import org.cgiserver.process.spawn.helper.PacketSocket;
import org.cgiserver.process.spawn.helper.Posix;
import org.cgiserver.process.spawn.helper.SpawnHelper;
import org.cgiserver.process.spawn.helper.Spawner;

/**
 * Starts scripts as another user through a {@link SpawnHelper}: a server running as root
 * starts the helper once as the scripts' user (through {@code setpriv}, which sets the
 * user, its group and no supplementary groups), and hands it each script's command and
 * pipes over a socket. No script then pays an exec of {@code setpriv} of its own.
 *
 * <p>The helper shares the scripts' user, so the server trusts it with nothing it would
 * not give a script: it signals a reported child only when that process is the helper's
 * child, and a helper that ends, or does not answer a request or, while scripts run, a
 * ping, is killed and replaced at the next script, the scripts already running reporting
 * no exit code. When a request is too large for the socket, when the helper ended a
 * moment ago, or for 10 s after a helper failed to start, it takes no script: the caller
 * starts it another way (through {@code setpriv}).
 */
final class HelperLauncher implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(HelperLauncher.class.getName());

	private static final long READY_TIMEOUT_SECONDS = 20;

	private static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Posix posix;

	private final PosixSpawnLauncher direct;

	private final List<String> helperCommand;

	private final HelperClasses classes;

	private final Charset fileNames = Spawner.fileNames();

	private final Duration answerTimeout;

	private final AtomicInteger ids = new AtomicInteger();

	private volatile @Nullable HelperConnection connection;

	private long failedAt;

	private boolean closed;

	private HelperLauncher(Posix posix, UnaryOperator<List<String>> asScriptUser, HelperClasses classes,
			Duration answerTimeout) {
		this.posix = posix;
		this.direct = new PosixSpawnLauncher(posix);
		this.helperCommand = List.copyOf(asScriptUser.apply(helperCommand()));
		this.classes = classes;
		this.answerTimeout = answerTimeout;
	}

	/**
	 * Starts the helper.
	 * @param asScriptUser turns a command into one that runs it as the scripts' user
	 * @param answerTimeout how long the helper may take to answer before it is replaced
	 * @return the launcher, or {@code null} when this C library lacks a call it needs or
	 * the helper cannot be started (the reason is logged)
	 */
	static @Nullable HelperLauncher start(UnaryOperator<List<String>> asScriptUser, Duration answerTimeout) {
		Posix posix = Posix.load().orElse(null);
		if (posix == null) {
			return null;
		}
		HelperClasses classes = null;
		try {
			classes = HelperClasses.create(posix);
			HelperLauncher launcher = new HelperLauncher(posix, asScriptUser, classes, answerTimeout);
			launcher.connection = launcher.connect();
			return launcher;
		}
		catch (IOException | RuntimeException ex) {
			logger.log(Level.WARNING, "Cannot start the spawn helper: " + ex.getMessage());
			if (classes != null) {
				classes.close();
			}
			return null;
		}
	}

	/**
	 * The helper's command, before it is made to run as the scripts' user. Its classes are
	 * read through a descriptor the server hands it.
	 */
	private static List<String> helperCommand() {
		return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8m", "-Xss256k",
				"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+DisableAttachMechanism",
				"--enable-native-access=ALL-UNNAMED", "-cp", HelperProtocol.CLASS_PATH, SpawnHelper.class.getName());
	}

	/**
	 * Has the helper start a process as the scripts' user with exactly the given
	 * environment.
	 * @param command the program and its arguments
	 * @param environment the complete environment
	 * @param workingDirectory the working folder
	 * @return the running process, or {@code null} when the helper takes no script now
	 * (none could be started lately, it ended a moment ago, or the request is too large
	 * for its socket): nothing was started, and the caller starts it another way
	 * @throws IOException when the program cannot be started
	 */
	@Nullable Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
			throws IOException {
		HelperConnection helper = connection();
		if (helper == null) {
			return null;
		}
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment request = HelperProtocol.request(arena, this.ids.incrementAndGet(), command,
					Spawner.variables(environment), workingDirectory.toString(), this.fileNames, Charset.defaultCharset());
			if (request == null) {
				return null;
			}
			ChildPipes pipes = ChildPipes.open(this.posix, this.direct.poller());
			try (pipes) {
				HelperConnection.Started started;
				try {
					started = helper.start(request, pipes.childEnds());
				}
				catch (UnreachableHelperException ex) {
					pipes.closeServerEnds();
					return null;
				}
				catch (SpawnFailedException ex) {
					throw this.direct.cannotRun(command.get(0), workingDirectory.toString(), ex.error());
				}
				SpawnedProcess process = new SpawnedProcess(started.child(), pipes.stdin(), pipes.stdout(),
						pipes.stderr());
				started.exit().thenAccept(process::exited);
				return process;
			}
			catch (IOException | RuntimeException ex) {
				pipes.closeServerEnds();
				throw ex;
			}
		}
	}

	/**
	 * Whether the output of the scripts started here is polled ({@link ChildPipes}).
	 * @return {@code true} when it is
	 */
	boolean pollsOutput() {
		return this.direct.poller() != null;
	}

	private @Nullable HelperConnection connection() {
		HelperConnection current = this.connection;
		if (current != null && current.isOpen()) {
			return current;
		}
		synchronized (this) {
			current = this.connection;
			if (current != null && current.isOpen()) {
				return current;
			}
			if (this.closed || (this.failedAt != 0 && System.nanoTime() - this.failedAt < RETRY_AFTER_NANOS)) {
				return null;
			}
			try {
				this.connection = connect();
				this.failedAt = 0;
				return this.connection;
			}
			catch (IOException | RuntimeException ex) {
				logger.log(Level.WARNING, "Cannot start the spawn helper, scripts are started through setpriv for now: "
						+ ex.getMessage());
				this.connection = null;
				this.failedAt = System.nanoTime();
				return null;
			}
		}
	}

	/**
	 * Starts a helper: its standard input is a pipe the server closes, and its output and
	 * error go to the server's log ({@link HelperOutput}), not to the server's own.
	 */
	private HelperConnection connect() throws IOException {
		PacketSocket.Pair socket = PacketSocket.pair(this.posix);
		ChildPipes output = null;
		ProcessHandle helper;
		try {
			socket.near().receiveTimeout(quiet());
			output = ChildPipes.open(this.posix, null);
			try (ChildPipes ends = output) {
				int[] child = ends.childEnds();
				int pid = this.direct.spawn(this.helperCommand, Map.of("PATH", "/usr/bin:/bin"), Path.of("/"),
						HelperProtocol.helperDescriptors(child[0], child[2], socket.far().fd(), this.classes.fd()));
				// Taken before it could be reaped, so that it never stands for another process.
				ProcessHandle started = ProcessHandle.of(pid).orElse(null);
				this.direct.reapLater(pid, (exitCode) -> {
				});
				helper = Objects.requireNonNull(started, "the helper vanished at once");
			}
		}
		catch (IOException | RuntimeException ex) {
			socket.near().close();
			if (output != null) {
				output.closeServerEnds();
			}
			throw ex;
		}
		finally {
			socket.far().close();
		}
		output.stdin().close();
		output.stdout().close();
		HelperOutput.follow(output.stderr(), helper.pid());
		HelperConnection connection = new HelperConnection(socket.near(), helper, this.answerTimeout, quiet());
		int reportedPid;
		try {
			reportedPid = connection.ready().get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			connection.stop();
			throw new IOException("interrupted while the helper started");
		}
		catch (ExecutionException | TimeoutException ex) {
			connection.stop();
			throw new IOException("the helper did not start within " + READY_TIMEOUT_SECONDS + " s (" + ex + ")");
		}
		if (reportedPid != helper.pid()) {
			connection.stop();
			throw new IOException("the helper reported pid " + reportedPid + ", not " + helper.pid());
		}
		logger.log(Level.INFO, "Scripts are started by a spawn helper (pid " + helper.pid() + ")");
		return connection;
	}

	/** How long the helper may be silent while scripts run before it is pinged. */
	private Duration quiet() {
		return this.answerTimeout.dividedBy(10);
	}

	/**
	 * Stops the helper: the server is stopping, and its scripts have been stopped.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		HelperConnection current = this.connection;
		if (current != null) {
			current.stop();
		}
		this.classes.close();
	}

	@Override
	public String toString() {
		return "spawn helper";
	}

}
