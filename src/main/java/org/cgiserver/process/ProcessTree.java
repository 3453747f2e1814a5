package org.cgiserver.process;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops a run's processes: SIGTERM to all of them, then SIGKILL to whatever is left
 * after a grace period.
 *
 * <p>The processes are found when they are stopped, not with a wrapper on every spawn
 * (which costs launch throughput): the descendants of the script, plus any process whose
 * environment carries the run's id, which catches background children that were
 * re-parented to init after the script itself exited.
 */
final class ProcessTree {

	private ProcessTree() {
	}

	/**
	 * Stops a run's processes.
	 * @param root the script's process
	 * @param runId the run's id, as in its environment
	 * @param grace the time between SIGTERM and SIGKILL
	 * @param scheduler runs the SIGKILL
	 */
	static void terminate(ProcessHandle root, String runId, Duration grace, ScheduledExecutorService scheduler) {
		Set<ProcessHandle> processes = find(root, runId);
		processes.forEach(ProcessHandle::destroy);
		if (grace.isZero()) {
			kill(root, runId, processes);
		}
		else {
			scheduler.schedule(() -> kill(root, runId, processes), grace.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private static void kill(ProcessHandle root, String runId, Set<ProcessHandle> earlier) {
		Set<ProcessHandle> processes = new LinkedHashSet<>(earlier);
		processes.addAll(find(root, runId));
		processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	/**
	 * Finds the live processes of a run.
	 * @param root the script's process
	 * @param runId the run's id
	 * @return the processes, descendants before the root
	 */
	static Set<ProcessHandle> find(ProcessHandle root, String runId) {
		Set<ProcessHandle> processes = new LinkedHashSet<>();
		root.descendants().forEach(processes::add);
		new RunIdScan(ProcessExecutionService.RUN_ID_VARIABLE).scan(runId::equals,
				(found, pid) -> ProcessHandle.of(pid).ifPresent(processes::add));
		processes.add(root);
		processes.removeIf((process) -> !process.isAlive());
		return processes;
	}

}
