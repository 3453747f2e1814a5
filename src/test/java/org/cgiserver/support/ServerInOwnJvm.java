package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.cgiserver.CgiServerApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application in a JVM of its own, for what a test JVM cannot show: a capped heap,
 * a process that exits.
 */
public final class ServerInOwnJvm implements AutoCloseable {

	private static final Duration SETTLE_WINDOW = Duration.ofMillis(500);

	private final Process process;

	private final int port;

	private final int managementPort;

	private ServerInOwnJvm(Process process, int port, int managementPort) {
		this.process = process;
		this.port = port;
		this.managementPort = managementPort;
	}

	/**
	 * Starts the server and waits until it answers.
	 * @param log where its output goes
	 * @param jvmOptions options of the JVM, such as {@code -Xmx128m}
	 * @param arguments the application's arguments, such as {@code --cgi.document-root=...}
	 * @return the running server
	 */
	public static ServerInOwnJvm start(Path log, List<String> jvmOptions, String... arguments) {
		return start(log, List.of(), jvmOptions, arguments);
	}

	/**
	 * Starts the server through a wrapper and waits until it answers.
	 * @param log where its output goes
	 * @param wrapper the command the JVM is started through, such as {@code setpriv ... --}
	 * @param jvmOptions options of the JVM, such as {@code -Xmx128m}
	 * @param arguments the application's arguments, such as {@code --cgi.document-root=...}
	 * @return the running server
	 */
	public static ServerInOwnJvm start(Path log, List<String> wrapper, List<String> jvmOptions,
			String... arguments) {
		int port = FreePort.next();
		int managementPort = FreePort.next();
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(wrapper);
		command.add(java);
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), CgiServerApplication.class.getName(),
				"--server.port=" + port, "--server.address=127.0.0.1",
				"--management.server.port=" + managementPort));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			ServerInOwnJvm server = new ServerInOwnJvm(process, port, managementPort);
			Http http = new Http(port);
			Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
				assertThat(process.isAlive()).as("server running").isTrue();
				return http.get("/readyz").statusCode() == 200;
			});
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until the server has settled after its start, and the machine with it: until
	 * its JVM, done compiling the code it has run so far, uses less than a tenth of a core
	 * over half a second, and the whole machine less than a tenth of its cores (what
	 * earlier tests leave behind, such as a browser shutting down, is then done too).
	 * @param atMost how long to wait before going on regardless
	 */
	public void awaitSettled(Duration atMost) {
		AtomicReference<Duration> lastCpu = new AtomicReference<>(Duration.ZERO);
		AtomicReference<MachineCpu> lastMachine = new AtomicReference<>(MachineCpu.now());
		try {
			Awaitility.await()
				.atMost(atMost)
				.pollDelay(Duration.ZERO)
				.pollInterval(SETTLE_WINDOW)
				.until(() -> {
					Duration cpu = this.process.info().totalCpuDuration().orElse(Duration.ZERO);
					Duration used = cpu.minus(lastCpu.getAndSet(cpu));
					MachineCpu machine = MachineCpu.now();
					double machineBusy = machine.busySince(lastMachine.getAndSet(machine));
					return used.compareTo(SETTLE_WINDOW.dividedBy(10)) < 0 && machineBusy < 0.1;
				});
		}
		catch (ConditionTimeoutException ex) {
			// Still busy: a loaded machine; go on regardless.
		}
	}

	public int port() {
		return this.port;
	}

	/** The port of the actuator and the status page. */
	public int managementPort() {
		return this.managementPort;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor();
	}

}
