package org.cgiserver.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops a run's processes: SIGTERM to all of them, then SIGKILL to whatever is left
 * after a grace period.
 *
 * <p>The processes are found when they are stopped, not with a wrapper on every spawn
 * (which costs launch throughput): the descendants of the script, plus any process whose
 * environment carries the run's marker variable, which catches background children that
 * were re-parented to init after the script itself exited.
 */
final class ProcessTree {

	private static final Path PROC = Path.of("/proc");

	private ProcessTree() {
	}

	/**
	 * Stops a run's processes.
	 * @param root the script's process
	 * @param marker the run's marker, {@code NAME=value}, as in its environment
	 * @param grace the time between SIGTERM and SIGKILL
	 * @param scheduler runs the SIGKILL
	 */
	static void terminate(ProcessHandle root, String marker, Duration grace, ScheduledExecutorService scheduler) {
		Set<ProcessHandle> processes = find(root, marker);
		processes.forEach(ProcessHandle::destroy);
		if (grace.isZero()) {
			kill(root, marker, processes);
		}
		else {
			scheduler.schedule(() -> kill(root, marker, processes), grace.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private static void kill(ProcessHandle root, String marker, Set<ProcessHandle> earlier) {
		Set<ProcessHandle> processes = new LinkedHashSet<>(earlier);
		processes.addAll(find(root, marker));
		processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	/**
	 * Finds the live processes of a run.
	 * @param root the script's process
	 * @param marker the run's marker
	 * @return the processes, descendants before the root
	 */
	static Set<ProcessHandle> find(ProcessHandle root, String marker) {
		Set<ProcessHandle> processes = new LinkedHashSet<>();
		root.descendants().forEach(processes::add);
		processes.addAll(marked(marker));
		processes.add(root);
		processes.removeIf((process) -> !process.isAlive());
		return processes;
	}

	private static List<ProcessHandle> marked(String marker) {
		byte[] needle = (marker + "\0").getBytes(StandardCharsets.UTF_8);
		long self = ProcessHandle.current().pid();
		List<ProcessHandle> found = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessTree::isPid)) {
			for (Path entry : entries) {
				long pid = Long.parseLong(entry.getFileName().toString());
				if (pid != self && contains(entry.resolve("environ"), needle)) {
					ProcessHandle.of(pid).ifPresent(found::add);
				}
			}
		}
		catch (IOException ex) {
			// No /proc (not Linux): the descendants are all that can be found.
		}
		return found;
	}

	private static boolean isPid(Path entry) {
		String name = entry.getFileName().toString();
		for (int i = 0; i < name.length(); i++) {
			if (!Character.isDigit(name.charAt(i))) {
				return false;
			}
		}
		return !name.isEmpty();
	}

	private static boolean contains(Path environ, byte[] needle) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(environ);
		}
		catch (IOException ex) {
			return false;
		}
		outer: for (int i = 0; i <= bytes.length - needle.length; i++) {
			if (i > 0 && bytes[i - 1] != 0) {
				continue;
			}
			for (int j = 0; j < needle.length; j++) {
				if (bytes[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}
