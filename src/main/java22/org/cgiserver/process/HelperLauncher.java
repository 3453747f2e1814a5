package org.cgiserver.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Starts scripts as another user through a {@link SpawnHelper}: a server running as root
 * starts the helper once through {@code setpriv} (which sets the user, its group and no
 * supplementary groups), and hands it each script's command and pipes over a socket. No
 * script then pays an exec of {@code setpriv} of its own.
 *
 * <p>The helper shares the scripts' user, so the server trusts it with nothing it would
 * not give a script: it signals a reported child only when that process is the helper's
 * child, and a helper that ends or stops answering is replaced, the scripts already
 * running reporting no exit code. When no helper can be started, or a request is too large
 * for its socket, the script is started through {@code setpriv} as before.
 */
public final class HelperLauncher {

	private static final System.Logger logger = System.getLogger(HelperLauncher.class.getName());

	private static final long READY_TIMEOUT_SECONDS = 20;

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

	/** The helper's descriptor of its classes: after its standard ones and the socket. */
	private static final int CLASSES = 4;

	private static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Posix posix;

	private final PosixSpawnLauncher direct;

	private final List<String> userSwitch;

	private final List<String> helperCommand;

	private final Charset fileNames;

	private final Path classes;

	private final AtomicInteger ids = new AtomicInteger();

	private volatile @Nullable HelperConnection connection;

	private long failedAt;

	private HelperLauncher(Posix posix, List<String> userSwitch, List<String> helperCommand, Path classes) {
		this.posix = posix;
		this.classes = classes;
		this.direct = new PosixSpawnLauncher(posix);
		this.userSwitch = List.copyOf(userSwitch);
		this.helperCommand = helperCommand;
		this.fileNames = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"), StandardCharsets.UTF_8);
	}

	/**
	 * Starts the helper.
	 * @param userSwitch the command that starts a program as the scripts' user, such as
	 * {@code setpriv --reuid=65534 --regid=65534 --clear-groups --}
	 * @return the launcher, or {@code null} when this C library lacks a call it needs or
	 * the helper cannot be started (the reason is logged)
	 */
	public static @Nullable HelperLauncher start(List<String> userSwitch) {
		Posix posix = Posix.load().orElse(null);
		if (posix == null) {
			return null;
		}
		try {
			HelperLauncher launcher = new HelperLauncher(posix, userSwitch, helperCommand(userSwitch), classes());
			launcher.connection = launcher.connect();
			return launcher;
		}
		catch (IOException | URISyntaxException | RuntimeException ex) {
			logger.log(Level.WARNING, "Cannot start the spawn helper: " + ex.getMessage());
			return null;
		}
	}

	/**
	 * The helper's command. Its classes are read through a descriptor the server opens,
	 * so that the helper needs no access to the folders on the way to them (a jar under
	 * root's home, say).
	 */
	private static List<String> helperCommand(List<String> userSwitch) {
		List<String> command = new ArrayList<>(userSwitch);
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8m",
				"-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
				"-XX:+DisableAttachMechanism", "--enable-native-access=ALL-UNNAMED", "-cp",
				"/proc/self/fd/" + CLASSES, SpawnHelper.class.getName()));
		return List.copyOf(command);
	}

	private static Path classes() throws URISyntaxException {
		return Path.of(SpawnHelper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
	}

	/**
	 * Starts a process as the scripts' user with exactly the given environment.
	 * @param command the program and its arguments
	 * @param environment the complete environment
	 * @param workingDirectory the working folder
	 * @return the running process
	 * @throws IOException when the program cannot be started
	 */
	public Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
			throws IOException {
		HelperConnection helper = connection();
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment request = (helper != null) ? HelperProtocol.request(arena, this.ids.incrementAndGet(),
					command, environment.entrySet().stream().map((variable) -> variable.getKey() + "=" + variable.getValue()).toList(),
					workingDirectory.toString(), this.fileNames, Charset.defaultCharset()) : null;
			if (helper == null || request == null) {
				return this.direct.launch(switched(command), environment, workingDirectory);
			}
			ChildPipes pipes = ChildPipes.open(this.posix);
			try (pipes) {
				HelperConnection.Started started;
				try {
					started = helper.start(request, pipes.childEnds());
				}
				catch (HelperConnection.Unreachable ex) {
					// The helper ended a moment ago and started nothing: this one goes through setpriv.
					return startDirectly(command, environment, workingDirectory, pipes);
				}
				if (started.error() != 0) {
					throw this.direct.cannotRun(command.get(0), workingDirectory.toString(), started.error());
				}
				SpawnedProcess process = new SpawnedProcess(helper.childHandle(started.pid()), pipes.stdin(),
						pipes.stdout(), pipes.stderr());
				started.exit().thenAccept(process::exited);
				return process;
			}
			catch (IOException | RuntimeException ex) {
				pipes.closeServerEnds();
				throw ex;
			}
		}
	}

	private Process startDirectly(List<String> command, Map<String, String> environment, Path workingDirectory,
			ChildPipes pipes) throws IOException {
		int pid = this.direct.spawn(switched(command), environment, workingDirectory, pipes.childEnds());
		ProcessHandle handle = ProcessHandle.of(pid)
			.orElseThrow(() -> new IOException("Process " + pid + " vanished before it was reaped"));
		SpawnedProcess process = new SpawnedProcess(handle, pipes.stdin(), pipes.stdout(), pipes.stderr());
		this.direct.reapLater(pid, process::exited);
		return process;
	}

	private List<String> switched(List<String> command) {
		List<String> switched = new ArrayList<>(this.userSwitch);
		switched.addAll(command);
		return switched;
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
			if (this.failedAt != 0 && System.nanoTime() - this.failedAt < RETRY_AFTER_NANOS) {
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

	private HelperConnection connect() throws IOException {
		int classes = openForReading(this.classes);
		PacketSocket[] pair;
		try {
			pair = PacketSocket.pair(this.posix);
		}
		catch (IOException | RuntimeException ex) {
			this.posix.closeQuietly(classes);
			throw ex;
		}
		int pid;
		try {
			pid = this.direct.spawn(this.helperCommand, Map.of("PATH", "/usr/bin:/bin"), Path.of("/"),
					new int[] { 0, 1, 2, pair[1].fd(), classes });
		}
		catch (IOException | RuntimeException ex) {
			pair[0].close();
			throw ex;
		}
		finally {
			pair[1].close();
			this.posix.closeQuietly(classes);
		}
		this.direct.reapLater(pid, (exitCode) -> {
		});
		HelperConnection connection = new HelperConnection(pair[0], pid, ANSWER_TIMEOUT);
		try {
			int reportedPid = connection.ready().get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			if (reportedPid != pid) {
				throw new IOException("the helper reported pid " + reportedPid + ", not " + pid);
			}
			logger.log(Level.INFO, "Scripts are started by a spawn helper (pid " + pid + ")");
			return connection;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			connection.stop();
			throw new IOException("interrupted while the helper started");
		}
		catch (ExecutionException | TimeoutException | IOException ex) {
			connection.stop();
			throw new IOException("the helper did not start within " + READY_TIMEOUT_SECONDS + " s (" + ex + ")");
		}
	}

	private int openForReading(Path file) throws IOException {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment callState = Posix.callState(arena);
			int fd = (int) this.posix.open.invokeExact(callState, arena.allocateFrom(file.toString(), this.fileNames),
					Posix.O_CLOEXEC);
			if (fd < 0) {
				throw this.posix.failure("Cannot open " + file, Posix.errno(callState));
			}
			return fd;
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("open failed", ex);
		}
	}

	@Override
	public String toString() {
		return "spawn helper";
	}

}
