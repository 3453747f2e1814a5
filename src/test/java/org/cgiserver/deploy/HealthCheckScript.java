package org.cgiserver.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the image's health check, {@code src/main/docker/healthcheck.sh}, as Docker does:
 * {@code /bin/sh}, the container's environment only, an answer within the check's timeout.
 */
final class HealthCheckScript {

	private static final Path SCRIPT = Path.of("src/main/docker/healthcheck.sh").toAbsolutePath();

	private HealthCheckScript() {
	}

	/**
	 * Runs the script.
	 * @param environment the container's environment (PATH is added)
	 * @return its exit code and what it printed
	 */
	static Result run(Map<String, String> environment) {
		ProcessBuilder builder = new ProcessBuilder("/bin/sh", SCRIPT.toString()).redirectErrorStream(true);
		builder.environment().clear();
		builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("the health check did not end: " + output);
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

	/**
	 * What one run of the script gave.
	 * @param exitCode 0 for healthy, 1 for unhealthy (Docker's meaning)
	 * @param output the lines it printed, which Docker keeps in the container's health log
	 */
	record Result(int exitCode, String output) {
	}

}
