package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Programs a test needs from the machine, found as a shell would find them.
 */
public final class Programs {

	private Programs() {
	}

	/**
	 * A program on {@code PATH}.
	 * @param name the program's name
	 * @return its path, or {@code null} when it is not installed
	 */
	public static @Nullable Path find(String name) {
		for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
			Path candidate = Path.of(folder, name);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * Runs a program to its end (at most a minute), its standard input empty.
	 * @param command the program and its arguments
	 * @return its exit status and its output, standard error after standard output
	 */
	public static Result run(List<String> command) {
		try {
			Path errors = Files.createTempFile("program-", ".err");
			try {
				Process process = new ProcessBuilder(command)
					.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
					.redirectError(errors.toFile())
					.start();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
				return new Result(process.exitValue(), output, Files.readString(errors));
			}
			finally {
				Files.delete(errors);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stops a program the test started: SIGTERM, then SIGKILL after ten seconds.
	 * @param process the program
	 */
	public static void stop(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	/**
	 * How a program ended.
	 *
	 * @param status its exit status
	 * @param output what it wrote to standard output
	 * @param errors what it wrote to standard error
	 */
	public record Result(int status, String output, String errors) {

		/** Its output, standard error after standard output, for assertion messages. */
		@Override
		public String toString() {
			return "exit " + this.status + "\n" + this.output + this.errors;
		}

	}

}
