package org.cgiserver.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.threads.DaemonThreads;

import org.springframework.context.SmartLifecycle;

/**
 * Runs scripts: caps how many run at once, starts them (confined to another user and
 * resource limits where configured), streams their input and error output in the
 * background, enforces their limits and stops whole process trees.
 *
 * <p>When a run ends, every process it started ends too: a run that is stopped (time
 * limit, client gone, refused output) has its processes stopped at once, and a run whose
 * script exited is handed to a {@link RunSweeper} that ends whatever the script left
 * behind. On shutdown it waits for running scripts, then stops what is left and every
 * process of every run, so that no process outlives the server.
 */
public final class ProcessExecutionService implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ProcessExecutionService.class);

	/** Name of the environment variable that marks every process of one run. */
	public static final String RUN_ID_VARIABLE = "CGISERVER_RUN_ID";

	/**
	 * How often finished runs are checked for processes they left behind: a scan of
	 * {@code /proc} costs about 20 microseconds per process on the host, so twice a second
	 * stays well under one percent of a core.
	 */
	static final Duration SWEEP_INTERVAL = Duration.ofMillis(500);

	private final ProcessLauncher launcher;

	private final Confinements confinements;

	private final AdmissionQueue admission;

	private final int maxConcurrent;

	private final Duration queueTimeout;

	private final Duration killGrace;

	private final ExecutorService io;

	/** Reads the output and error of conversations (WebSocket sessions), which may be silent for hours. */
	private final ExecutorService conversationIo;

	private final ScheduledThreadPoolExecutor scheduler;

	private final String runIdPrefix = Long.toString(ProcessHandle.current().pid(), 36) + "-"
			+ Integer.toString(ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE), 36) + "-";

	private final AtomicLong runIds = new AtomicLong();

	private final Set<ScriptProcess> running = ConcurrentHashMap.newKeySet();

	private final RunSweeper sweeper;

	private final @Nullable RunTemporaryFolders temporaryFolders;

	private volatile boolean started;

	public ProcessExecutionService(ProcessLauncher launcher, ProcessConfinement confinement, int maxConcurrent,
			Duration queueTimeout, Duration killGrace, ExecutorService io) {
		this(launcher, Confinements.of(confinement), maxConcurrent, queueTimeout, killGrace, io, null);
	}

	/**
	 * @param launcher starts the scripts
	 * @param confinements what each run is confined to
	 * @param maxConcurrent the most scripts running at once
	 * @param queueTimeout how long a request waits for a slot
	 * @param killGrace the time between SIGTERM and SIGKILL
	 * @param io runs the feeding and draining of scripts' pipes
	 * @param temporaryFolders gives every run a temporary folder of its own, or {@code null}
	 */
	ProcessExecutionService(ProcessLauncher launcher, Confinements confinements, int maxConcurrent,
			Duration queueTimeout, Duration killGrace, ExecutorService io,
			@Nullable RunTemporaryFolders temporaryFolders) {
		this.temporaryFolders = temporaryFolders;
		this.launcher = launcher;
		this.confinements = confinements;
		this.maxConcurrent = maxConcurrent;
		this.admission = new AdmissionQueue(maxConcurrent, queueTimeout.toNanos() / 2, System::nanoTime);
		this.queueTimeout = queueTimeout;
		this.killGrace = killGrace;
		this.io = io;
		// Where the pipes would hold a virtual thread's carrier, a silent session holds a platform thread instead.
		this.conversationIo = launcher.outputWaitsWithoutThread() ? DaemonThreads.forBlockingIo("cgi-conversation")
				: DaemonThreads.reused("cgi-conversation");
		this.scheduler = DaemonThreads.scheduler("cgi-limits");
		this.sweeper = new RunSweeper(this.runIdPrefix, killGrace, SWEEP_INTERVAL);
	}

	/**
	 * Starts a script once a slot is free, unless its client leaves first.
	 * @param spec what to run
	 * @param stdin the request body, or {@code null} for none
	 * @param clientGone completes when the client is known to have left
	 * @return the running script
	 * @throws ProcessRejectedException when no slot frees up within the queue timeout
	 * @throws ProcessAbandonedException when the client left while the request waited
	 * @throws ProcessStartException when the program cannot be started
	 */
	public ScriptProcess start(ProcessSpec spec, @Nullable InputStream stdin, CompletableFuture<?> clientGone)
			throws ProcessRejectedException, ProcessAbandonedException, ProcessStartException {
		admit(clientGone);
		return launch(spec, stdin, false);
	}

	/**
	 * Starts a script that holds a conversation with its client (a WebSocket session): at
	 * once, outside the cap of {@code cgi.max-concurrent}, whose slots are for short
	 * requests (the caller caps its sessions itself), and with its standard input left
	 * open for the caller to write to through {@link ScriptProcess#stdin()}.
	 * @param spec what to run; its timeout is the session's longest duration
	 * @return the running script
	 * @throws ProcessStartException when the program cannot be started
	 */
	public ScriptProcess startSession(ProcessSpec spec) throws ProcessStartException {
		return launch(spec, null, true);
	}

	private ScriptProcess launch(ProcessSpec spec, @Nullable InputStream stdin, boolean session)
			throws ProcessStartException {
		String runId = this.runIdPrefix + Long.toString(this.runIds.incrementAndGet(), 36);
		Map<String, String> environment = new LinkedHashMap<>(spec.environment());
		environment.put(RUN_ID_VARIABLE, runId);
		ProcessConfinement confinement = this.confinements.of(spec.policy());
		Path temporaryFolder;
		try {
			temporaryFolder = temporaryFolder(environment, confinement);
		}
		catch (IOException | RuntimeException ex) {
			release(session);
			throw new ProcessStartException("Cannot create the temporary folder of " + spec.name() + ": "
					+ ex.getMessage(), ex);
		}
		Process process;
		try {
			process = this.launcher.launchConfined((temporaryFolder != null) ? confinement.mountingTmp() : confinement,
					spec.command(), environment, spec.workingDirectory());
		}
		catch (IOException | RuntimeException ex) {
			release(session);
			removeTemporaryFolder(temporaryFolder);
			throw new ProcessStartException("Cannot start " + spec.command().get(0) + ": " + ex.getMessage(), ex);
		}
		StderrCollector stderr = new StderrCollector(spec.name());
		CompletableFuture<Void> stderrDrained = CompletableFuture.runAsync(() -> stderr.drain(process.getErrorStream()),
				session ? this.conversationIo : this.io);
		ScriptProcess script = new ScriptProcess(process, runId, this, stderrDrained, stderr, !session);
		this.running.add(script);
		Runnable releaseFolder = (temporaryFolder != null)
				? () -> this.io.execute(() -> releaseTemporaryFolder(temporaryFolder, confinement)) : () -> {
				};
		if (confinement.containment().mechanism() == RunContainment.Mechanism.SWEEP) {
			script.ended().thenRun(() -> this.sweeper.ended(runId, spec.name(), releaseFolder));
		}
		else {
			// In a PID namespace runs are promised not to see each other's files, so the folder
			// goes rather than serving a later run: a run could have handed a descriptor of
			// it to another one still going, which would read the later run's files through it.
			script.ended().thenRun(() -> this.io.execute(() -> removeTemporaryFolder(temporaryFolder)));
		}
		script.result().whenComplete((result, failure) -> {
			this.running.remove(script);
			releaseSlot(script);
		});
		script.armLimits(spec.timeout(), spec.idleTimeout());
		if (stdin != null) {
			script.startFeeding(stdin, this.io);
		}
		else if (!session) {
			closeQuietly(process);
		}
		return script;
	}

	/**
	 * Gives back the slot of a run started for a request, once: when it ends, or earlier
	 * when it became a conversation; a session took none.
	 */
	void releaseSlot(ScriptProcess script) {
		if (script.giveUpSlot()) {
			this.admission.release();
		}
	}

	/** Gives back the slot of a run started for a request that did not start; a session took none. */
	private void release(boolean session) {
		if (!session) {
			this.admission.release();
		}
	}

	/**
	 * Gives the run a temporary folder of its own, unless it has none or the script's
	 * configured environment names one (a prefix whose scripts share their temporary files).
	 */
	private @Nullable Path temporaryFolder(Map<String, String> environment, ProcessConfinement confinement)
			throws IOException {
		if (this.temporaryFolders == null || environment.containsKey("TMPDIR")) {
			return null;
		}
		Path folder = this.temporaryFolders.take(confinement.switchedUser());
		environment.put("TMPDIR", folder.toString());
		return folder;
	}

	/**
	 * Hands a finished run's folder back for a later run, once none of its processes is
	 * left to write to it.
	 */
	private void releaseTemporaryFolder(Path folder, ProcessConfinement confinement) {
		if (this.temporaryFolders != null) {
			this.temporaryFolders.release(folder, confinement.switchedUser());
		}
	}

	private void removeTemporaryFolder(@Nullable Path folder) {
		if (folder != null && this.temporaryFolders != null) {
			this.temporaryFolders.removeQuietly(folder);
		}
	}

	/**
	 * Takes a slot: at once when one is free, else after waiting in the queue, which a
	 * request leaves when its client is known to have left, and is then not started.
	 */
	private void admit(CompletableFuture<?> gone) throws ProcessRejectedException, ProcessAbandonedException {
		CompletableFuture<Void> ticket = this.admission.request();
		if (ticket.isDone()) {
			return;
		}
		try {
			CompletableFuture.anyOf(ticket, gone).get(this.queueTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// Decided below.
		}
		if (!ticket.isDone() && this.admission.leave(ticket)) {
			if (gone.isDone()) {
				throw new ProcessAbandonedException();
			}
			throw new ProcessRejectedException(this.maxConcurrent, this.queueTimeout);
		}
		if (gone.isDone()) {
			this.admission.release();
			throw new ProcessAbandonedException();
		}
	}

	private static void closeQuietly(Process process) {
		try {
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Already closed by an early exit.
		}
	}

	/**
	 * Where the output of a conversation ({@link #startSession}) is best read: where a
	 * read that waits for a silent script holds no platform thread, if the launcher allows
	 * it (virtual threads over the Java 22 part's pipes).
	 * @return the executor
	 */
	public Executor conversationReaders() {
		return this.conversationIo;
	}

	/**
	 * How many scripts run now.
	 * @return the count
	 */
	public int active() {
		return this.running.size();
	}

	/**
	 * How many requests wait for a script slot now.
	 * @return the count
	 */
	public int waiting() {
		return this.admission.waiting();
	}

	/**
	 * How a run's processes are made to end with it.
	 * @return the mechanism and why it was chosen
	 */
	public RunContainment containment() {
		return this.confinements.serverWide().containment();
	}

	public int getMaxConcurrent() {
		return this.maxConcurrent;
	}

	public Duration getQueueTimeout() {
		return this.queueTimeout;
	}

	void terminate(ProcessHandle root, String runId) {
		ProcessTree.terminate(root, runId, this.killGrace, this.scheduler);
	}

	@Nullable RunCost cost(Process exited) {
		return this.launcher.cost(exited);
	}

	ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return this.scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void start() {
		this.started = true;
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	/**
	 * Runs late in shutdown (after the web server stopped taking requests and waited for
	 * the running ones): stops whatever scripts are still left, then ends every process of
	 * every run and returns once they are gone.
	 */
	@Override
	public void stop() {
		this.started = false;
		List<ScriptProcess> left = new ArrayList<>(this.running);
		if (!left.isEmpty()) {
			logger.info("Stopping {} script(s) still running at shutdown", left.size());
			// A script that has exited but whose exit is not reported yet keeps its outcome.
			left.stream().filter(ScriptProcess::isAlive).forEach(ScriptProcess::abort);
			CompletableFuture<?>[] results = left.stream().map(ScriptProcess::result).toArray(CompletableFuture[]::new);
			try {
				CompletableFuture.allOf(results).get(this.killGrace.toMillis() + 2000, TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				logger.warn("Some scripts did not end after SIGKILL: {}", ex.getMessage());
			}
		}
		this.sweeper.endAll();
		this.launcher.close();
		this.scheduler.shutdownNow();
		this.io.shutdown();
		this.conversationIo.shutdown();
	}

	@Override
	public int getPhase() {
		// After the web server's graceful shutdown phase (DEFAULT_PHASE - 1024), so running
		// requests finish first, and before the server itself stops.
		return SmartLifecycle.DEFAULT_PHASE - 1536;
	}

}
