package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;

/**
 * Reads the process ids a test script wrote to a file, and waits for processes to end.
 */
public final class Pids {

	private Pids() {
	}

	/** Waits until a script has written at least {@code count} pids to the file. */
	public static List<Long> await(Path file, int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> read(file).size() >= count);
		return read(file);
	}

	public static List<Long> read(Path file) {
		try {
			if (!Files.exists(file)) {
				return List.of();
			}
			return Files.readAllLines(file).stream().map(String::trim).filter((l) -> !l.isEmpty()).map(Long::valueOf).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static boolean alive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
	}

	/** Waits until none of the processes lives any more. */
	public static void awaitGone(List<Long> pids) {
		awaitGone(pids, Duration.ofSeconds(20));
	}

	/** Waits at most the given time until none of the processes lives any more. */
	public static void awaitGone(List<Long> pids, Duration limit) {
		Awaitility.await()
			.atMost(limit)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> pids.stream().noneMatch(Pids::alive));
	}

	private static boolean zombie(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The zombie children of this JVM. */
	public static List<Long> zombieChildren() {
		long self = ProcessHandle.current().pid();
		try (var entries = Files.list(Path.of("/proc"))) {
			return entries.map((p) -> p.getFileName().toString())
				.filter((name) -> name.chars().allMatch(Character::isDigit))
				.filter((name) -> {
					try {
						String stat = Files.readString(Path.of("/proc", name, "stat"));
						String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
						return fields[0].equals("Z") && Long.parseLong(fields[1]) == self;
					}
					catch (IOException | RuntimeException ex) {
						return false;
					}
				})
				.map(Long::valueOf)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
