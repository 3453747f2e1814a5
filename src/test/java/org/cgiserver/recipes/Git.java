package org.cgiserver.recipes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real git client, for the recipes' tests: it makes the repositories a server
 * serves and clones and pushes through it. Runs with no system or user configuration,
 * and never asks for a password.
 */
final class Git {

	private Git() {
	}

	/**
	 * Runs git to its end (at most five minutes).
	 * @param folder its working directory
	 * @param environment more variables, such as {@code GIT_TRACE_PACKET}
	 * @param arguments its arguments
	 * @return its exit status and its output, standard error mixed in
	 */
	static Result run(Path folder, Map<String, String> environment, String... arguments) {
		List<String> command = new ArrayList<>(List.of("git"));
		command.addAll(List.of(arguments));
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
			builder.environment().put("GIT_TERMINAL_PROMPT", "0");
			builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
			builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
			builder.environment().putAll(environment);
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not end");
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Result run(Path folder, String... arguments) {
		return run(folder, Map.of(), arguments);
	}

	/** Runs git and fails when it fails. */
	static String check(Path folder, String... arguments) {
		Result result = run(folder, arguments);
		if (result.status() != 0) {
			throw new IllegalStateException("git " + String.join(" ", arguments) + " failed: " + result.output());
		}
		return result.output();
	}

	/** Commits everything in a work tree, as a fixed author. */
	static void commit(Path work, String message) {
		check(work, "add", "-A");
		check(work, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "--allow-empty",
				"-m", message);
	}

	/**
	 * Makes a bare repository with one commit of a README, readable by every user (the
	 * scripts run as {@code nobody} under a root server) and, when asked, writable too.
	 * @param root the folder of repositories
	 * @param name the repository's folder name, such as {@code project.git}
	 * @param description its description, as gitweb and cgit show it
	 * @param writable whether every user may push to it
	 * @return the repository
	 */
	static Path bareRepository(Path root, String name, String description, boolean writable) {
		try {
			Path work = Files.createTempDirectory("git-source-");
			try {
				check(work, "init", "-q", "-b", "main");
				Files.writeString(work.resolve("README"), "hello\n");
				commit(work, "first commit of " + name);
				check(root, "clone", "-q", "--bare", work.toString(), name);
			}
			finally {
				delete(work);
			}
			Path repository = root.resolve(name);
			Files.writeString(repository.resolve("description"), description + "\n");
			open(repository, writable);
			return repository;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Gives every user read access (and write access, when asked) to a folder and all in it. */
	static void open(Path folder, boolean writable) {
		try (var paths = Files.walk(folder)) {
			for (Path path : paths.toList()) {
				path.toFile().setReadable(true, false);
				if (Files.isDirectory(path)) {
					path.toFile().setExecutable(true, false);
				}
				if (writable) {
					path.toFile().setWritable(true, false);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void delete(Path folder) throws IOException {
		try (var paths = Files.walk(folder)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	/**
	 * How git ended.
	 *
	 * @param status its exit status
	 * @param output its output, standard error mixed in
	 */
	record Result(int status, String output) {

		@Override
		public String toString() {
			return "exit " + this.status + "\n" + this.output;
		}

	}

}
