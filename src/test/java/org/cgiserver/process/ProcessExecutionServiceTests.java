package org.cgiserver.process;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The execution logic through the launcher seam, without real processes.
 */
class ProcessExecutionServiceTests {

	/** The client of these runs never leaves. */
	private static final CompletableFuture<Void> NEVER_GONE = new CompletableFuture<>();

	private static final ProcessSpec SPEC = new ProcessSpec("/cgi-bin/x", List.of("/x", "arg"), Map.of("A", "1"),
			Path.of("/tmp"), Duration.ofSeconds(30), null);

	private static ProcessExecutionService service(ProcessLauncher launcher, int slots) {
		return new ProcessExecutionService(launcher,
				new ProcessConfinement(List.of("/usr/bin/setpriv", "--reuid=1", "--"), "x", ResourceLimits.NONE), slots,
				Duration.ofMillis(50), Duration.ZERO, Executors.newCachedThreadPool());
	}

	@Test
	void wrapsTheCommandAndMarksTheEnvironment() throws Exception {
		List<List<String>> commands = new ArrayList<>();
		List<Map<String, String>> environments = new ArrayList<>();
		ProcessExecutionService service = service((command, env, dir) -> {
			commands.add(command);
			environments.add(env);
			return new FakeProcess("out");
		}, 1);
		try (ScriptProcess process = service.start(SPEC, null, NEVER_GONE)) {
			assertThat(process.stdout().readAllBytes()).asString().isEqualTo("out");
		}
		assertThat(commands).containsExactly(List.of("/usr/bin/setpriv", "--reuid=1", "--", "/x", "arg"));
		assertThat(environments.get(0)).containsEntry("A", "1").containsKey(ProcessExecutionService.RUN_ID_VARIABLE);
	}

	@Test
	void stoppingTheServiceClosesTheLauncher() {
		List<String> closed = new ArrayList<>();
		ProcessExecutionService service = service(new ProcessLauncher() {

			@Override
			public Process launch(List<String> command, Map<String, String> environment, Path workingDirectory) {
				throw new UnsupportedOperationException();
			}

			@Override
			public void close() {
				closed.add("closed");
			}

		}, 1);
		service.start();
		assertThat(closed).isEmpty();
		service.stop();
		assertThat(closed).containsExactly("closed");
	}

	@Test
	void slotsAreReleasedWhenTheProcessEndsAndRejectedWhenFull() throws Exception {
		FakeProcess running = new FakeProcess("");
		ProcessExecutionService service = service((command, env, dir) -> running, 1);
		ScriptProcess process = service.start(SPEC, null, NEVER_GONE);
		assertThat(service.active()).isEqualTo(1);
		assertThatExceptionOfType(ProcessRejectedException.class).isThrownBy(() -> service.start(SPEC, null, NEVER_GONE));
		running.exit(0);
		process.close();
		process.result().get(10, TimeUnit.SECONDS);
		assertThat(service.active()).isZero();
		service.start(SPEC, null, NEVER_GONE).close();
	}

	@Test
	void resultWaitsForTheResponseSideToClose() throws Exception {
		FakeProcess fake = new FakeProcess("out");
		ScriptProcess process = service((command, env, dir) -> fake, 1).start(SPEC, null, NEVER_GONE);
		fake.exit(0);
		assertThat(process.stdout().readAllBytes()).hasSize(3);
		assertThat(process.result()).isNotDone();
		process.close();
		assertThat(process.result().get(10, TimeUnit.SECONDS).bytesOut()).isEqualTo(3);
	}

	@Test
	void startFailuresReleaseTheSlot() {
		ProcessExecutionService service = service((command, env, dir) -> {
			throw new IOException("error=13, Permission denied");
		}, 1);
		assertThatExceptionOfType(ProcessStartException.class).isThrownBy(() -> service.start(SPEC, null, NEVER_GONE))
			.withMessageContaining("Permission denied");
		assertThatExceptionOfType(ProcessStartException.class).isThrownBy(() -> service.start(SPEC, null, NEVER_GONE));
	}

	@Test
	void resultCarriesExitAndStandardInput() throws Exception {
		FakeProcess fake = new FakeProcess("");
		ProcessExecutionService service = service((command, env, dir) -> fake, 1);
		ScriptProcess process = service.start(SPEC, new ByteArrayInputStream("body".getBytes()), NEVER_GONE);
		fake.awaitStdinClosed();
		fake.exit(3);
		process.close();
		ProcessResult result = process.result().get(10, TimeUnit.SECONDS);
		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.bytesIn()).isEqualTo(4);
		assertThat(result.termination()).isEqualTo(ProcessResult.Termination.EXITED);
		assertThat(fake.stdin.toString()).isEqualTo("body");
	}

	/**
	 * A process that writes fixed output and exits when told.
	 */
	static final class FakeProcess extends Process {

		private final InputStream stdout;

		final java.io.ByteArrayOutputStream stdin = new java.io.ByteArrayOutputStream();

		private final CompletableFuture<Void> stdinClosed = new CompletableFuture<>();

		private final CompletableFuture<Process> exit = new CompletableFuture<>();

		private volatile int exitCode;

		FakeProcess(String output) {
			this.stdout = new ByteArrayInputStream(output.getBytes());
		}

		void exit(int code) {
			this.exitCode = code;
			this.exit.complete(this);
		}

		void awaitStdinClosed() throws Exception {
			this.stdinClosed.get(10, TimeUnit.SECONDS);
		}

		@Override
		public OutputStream getOutputStream() {
			return new OutputStream() {
				@Override
				public void write(int b) {
					FakeProcess.this.stdin.write(b);
				}

				@Override
				public void close() {
					FakeProcess.this.stdinClosed.complete(null);
				}
			};
		}

		@Override
		public InputStream getInputStream() {
			return this.stdout;
		}

		@Override
		public InputStream getErrorStream() {
			return InputStream.nullInputStream();
		}

		@Override
		public int waitFor() throws InterruptedException {
			try {
				this.exit.get();
			}
			catch (java.util.concurrent.ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
			return this.exitCode;
		}

		@Override
		public int exitValue() {
			if (!this.exit.isDone()) {
				throw new IllegalThreadStateException();
			}
			return this.exitCode;
		}

		@Override
		public void destroy() {
			exit(143);
		}

		@Override
		public CompletableFuture<Process> onExit() {
			return this.exit;
		}

		@Override
		public long pid() {
			return 424242;
		}

		@Override
		public ProcessHandle toHandle() {
			throw new UnsupportedOperationException();
		}

	}

}
