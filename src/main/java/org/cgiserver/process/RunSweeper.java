package org.cgiserver.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.threads.DaemonThreads;

/**
 * Ends the processes that finished runs leave behind, such as a script's background
 * child that was re-parented to init, or one that moved to another process group or
 * session.
 *
 * <p>A run whose script has exited is handed over in constant time; one background
 * thread then reads {@code /proc} once per interval, and only while there are finished
 * runs to check, for processes whose environment carries the id of any of them. Those get
 * SIGTERM, and SIGKILL after the grace period. A run is let go once
 * {@value #EMPTY_SWEEPS} sweeps in a row found none of its processes. A spawn wrapper
 * that gives every run its own process group would find them without reading
 * {@code /proc}, but it costs an extra exec on every spawn; the sweep costs a fixed few
 * scans a second however many scripts run.
 *
 * <p>At shutdown, {@link #endAll()} ends every process carrying a run id of this server
 * and waits until they are gone.
 */
final class RunSweeper {

	private static final Logger logger = LoggerFactory.getLogger(RunSweeper.class);

	/**
	 * How many sweeps in a row must find none of a run's processes before it is let go: the
	 * second one catches a child that a process of the run forked while the first read
	 * {@code /proc}.
	 */
	static final int EMPTY_SWEEPS = 2;

	/** How long shutdown waits for processes to disappear after SIGKILL. */
	private static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private static final long SHUTDOWN_POLL_MILLIS = 20;

	private final String prefix;

	private final Duration grace;

	private final Duration interval;

	private final ScheduledThreadPoolExecutor scheduler = DaemonThreads.scheduler("cgi-sweeper");

	private final Queue<Run> ended = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	// The fields below are used by the scheduler's one thread only.

	private final RunIdScan scan = new RunIdScan(ProcessExecutionService.RUN_ID_VARIABLE);

	/** The finished runs still checked, by id. */
	private final Map<String, Run> watched = new HashMap<>();

	/** Processes that got SIGTERM and wait for their SIGKILL. */
	private final Set<ProcessHandle> terminated = new HashSet<>();

	/**
	 * Creates a sweeper for the runs of one server.
	 * @param prefix the start of every run id of the server
	 * @param grace the time between SIGTERM and SIGKILL
	 * @param interval the time between two sweeps
	 */
	RunSweeper(String prefix, Duration grace, Duration interval) {
		this.prefix = prefix;
		this.grace = grace;
		this.interval = interval;
	}

	/**
	 * Hands over a run whose script has exited and whose answer is done; any process it
	 * left is ended by the next sweeps.
	 * @param runId the run's id
	 * @param script the script's name, for the log
	 */
	void ended(String runId, String script) {
		ended(runId, script, () -> {
		});
	}

	/**
	 * Hands over a run whose script has exited and whose answer is done; any process it
	 * left is ended by the next sweeps.
	 * @param runId the run's id
	 * @param script the script's name, for the log
	 * @param whenGone called on the sweeper's thread once no process of the run is left,
	 * or not at all when the sweeping stops first (the server stops)
	 */
	void ended(String runId, String script, Runnable whenGone) {
		this.ended.add(new Run(runId, script, whenGone));
		if (this.scheduled.compareAndSet(false, true)) {
			scheduleSweep();
		}
	}

	private void scheduleSweep() {
		try {
			this.scheduler.schedule(this::sweep, this.interval.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: endAll() ends every run's processes.
		}
	}

	private void sweep() {
		try {
			sweepOnce();
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: endAll() ends every run's processes.
		}
		catch (RuntimeException ex) {
			logger.warn("Sweep for processes of finished runs failed", ex);
		}
		finally {
			if (!this.watched.isEmpty() || !this.ended.isEmpty()) {
				scheduleSweep();
			}
			else {
				this.scheduled.set(false);
				// A run handed over since the check above saw the flag still set.
				if (!this.ended.isEmpty() && this.scheduled.compareAndSet(false, true)) {
					scheduleSweep();
				}
			}
		}
	}

	private void sweepOnce() {
		for (Run run = this.ended.poll(); run != null; run = this.ended.poll()) {
			this.watched.putIfAbsent(run.id, run);
		}
		this.watched.values().forEach((run) -> run.emptySweeps++);
		List<ProcessHandle> signalled = new ArrayList<>();
		Set<String> scripts = new TreeSet<>();
		this.scan.scan(this.watched::containsKey, (runId, pid) -> {
			Run run = this.watched.get(runId);
			run.emptySweeps = 0;
			if (ProcessHandle.of(pid).filter(this.terminated::add).map(signalled::add).orElse(false)) {
				scripts.add(run.script);
			}
		});
		List<Run> gone = new ArrayList<>();
		this.watched.values().removeIf((run) -> run.emptySweeps >= EMPTY_SWEEPS && gone.add(run));
		if (!signalled.isEmpty()) {
			logger.info("Ending {} process(es) left running by finished runs of {}", signalled.size(),
					String.join(", ", scripts));
			signalled.forEach(ProcessHandle::destroy);
			this.scheduler.schedule(() -> kill(signalled), this.grace.toNanos(), TimeUnit.NANOSECONDS);
		}
		for (Run run : gone) {
			try {
				run.whenGone.run();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not hand back what the finished run {} of {} held: {}", run.id, run.script,
						ex.toString());
			}
		}
	}

	private void kill(List<ProcessHandle> signalled) {
		for (ProcessHandle process : signalled) {
			if (process.isAlive()) {
				process.destroyForcibly();
			}
			this.terminated.remove(process);
		}
	}

	/**
	 * Ends every process that carries a run id of this server, running or left behind:
	 * SIGTERM, SIGKILL after the grace period, then waits (a bounded time) until none is
	 * left. Sweeping stops for good.
	 */
	void endAll() {
		this.scheduler.shutdownNow();
		RunIdScan scan = new RunIdScan(ProcessExecutionService.RUN_ID_VARIABLE);
		Predicate<String> ours = (runId) -> runId.startsWith(this.prefix);
		try {
			Set<ProcessHandle> signalled = new HashSet<>();
			long killAt = System.nanoTime() + this.grace.toNanos();
			for (List<ProcessHandle> left = find(scan, ours); !left.isEmpty(); left = find(scan, ours)) {
				if (signalled.isEmpty()) {
					logger.info("Ending {} process(es) of scripts at shutdown", left.size());
				}
				// Again for processes forked since the last look.
				left.stream().filter(signalled::add).forEach(ProcessHandle::destroy);
				if (System.nanoTime() - killAt >= 0) {
					killAll(scan, ours);
					return;
				}
				Thread.sleep(SHUTDOWN_POLL_MILLIS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void killAll(RunIdScan scan, Predicate<String> ours) throws InterruptedException {
		long giveUpAt = System.nanoTime() + KILL_WAIT.toNanos();
		for (List<ProcessHandle> left = find(scan, ours); !left.isEmpty(); left = find(scan, ours)) {
			left.forEach(ProcessHandle::destroyForcibly);
			if (System.nanoTime() - giveUpAt >= 0) {
				logger.warn("{} process(es) of scripts did not end after SIGKILL", left.size());
				return;
			}
			Thread.sleep(SHUTDOWN_POLL_MILLIS);
		}
	}

	private static List<ProcessHandle> find(RunIdScan scan, Predicate<String> wanted) {
		List<ProcessHandle> found = new ArrayList<>();
		scan.scan(wanted, (runId, pid) -> ProcessHandle.of(pid).ifPresent(found::add));
		return found;
	}

	/**
	 * A finished run that is checked for processes it left.
	 */
	private static final class Run {

		final String id;

		final String script;

		final Runnable whenGone;

		/** Sweeps in a row that found none of its processes; used by the sweeper's thread only. */
		int emptySweeps;

		Run(String id, String script, Runnable whenGone) {
			this.id = id;
			this.script = script;
			this.whenGone = whenGone;
		}

	}

}
