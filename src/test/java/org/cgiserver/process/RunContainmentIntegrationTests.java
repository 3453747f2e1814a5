package org.cgiserver.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.cgiserver.CgiServerApplication;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a PID namespace per run, the processes a hostile script starts end with its run
 * whatever they do: clear their environment ({@code env -i}), unset the run's id, leave
 * the session, double-fork, re-execute themselves; when the run is answered, timed out,
 * abandoned by its client, or the server stops.
 *
 * <p>Each leftover is a {@code sleep} with a number unique to this run of the tests and
 * to the script, found in the host's {@code /proc} by its command line: inside its
 * namespace, a script's {@code $$} means nothing outside. Each first writes a file, and
 * the script answers only once it is there, so the leftover was running when the answer
 * came. Runs as root here: on Java 22+ through the spawn helper (the namespace made by the
 * scripts' user in a user namespace), on Java 17 through {@code setpriv} (made by root).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RunContainmentIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final String SH = "#!/bin/sh\n";

	static final String HEADERS = "printf 'Content-Type: text/plain\\n\\n'\n";

	static final long SLEEP = 3_000_000 + ThreadLocalRandom.current().nextLong(1_000_000) * 10;

	static final Duration RUN_END = Duration.ofSeconds(5);

	static {
		site.writableFolder("marks");
		site.script("www/cgi-bin/env-i.sh", answersAfter("env-i", 1, "(env -i setsid %s >/dev/null 2>&1 &)"));
		site.script("www/cgi-bin/unset.sh",
				answersAfter("unset", 2, "unset CGISERVER_RUN_ID; setsid %s >/dev/null 2>&1 &"));
		site.script("www/cgi-bin/double-fork.sh",
				answersAfter("double-fork", 3, "( (env -i setsid %s >/dev/null 2>&1 &) & )"));
		// The leftover execs itself again with an empty environment, under another name.
		site.script("www/cgi-bin/re-exec.sh", answersAfter("re-exec", 4,
				"(env -i setsid perl -e '$0 = \"innocent\"; exec @ARGV or die' %s >/dev/null 2>&1 &)"));
		site.script("www/slow/timed-out.sh", SH + leftover("timed-out", 5, "(env -i setsid %s >/dev/null 2>&1 &)")
				+ awaitMark("timed-out") + "sleep 60\n");
		site.script("www/cgi-bin/pid.sh", SH + HEADERS + "echo $$\n");
		// What a script trying to read other runs' environments would look for.
		site.script("www/cgi-bin/processes.sh", SH + HEADERS + "[ -e /proc/$SERVER_PID ] && echo server visible\n"
				+ "ls /proc | grep -c '^[0-9][0-9]*$'\n");
		site.script("www/cgi-bin/abandoned.sh", SH + leftover("abandoned", 8, "(env -i setsid %s >/dev/null 2>&1 &)")
				+ awaitMark("abandoned") + "sleep 60\n");
	}

	/** A script that leaves a process behind, answers once it runs, and exits. */
	static String answersAfter(String name, int number, String start) {
		return SH + leftover(name, number, start) + awaitMark(name) + HEADERS + "echo answered\n";
	}

	static String leftover(String name, int number, String start) {
		// The environment may be gone: the mark's path is written out.
		Path mark = mark(name);
		return start.formatted("sh -c 'echo > " + mark + ".tmp; mv " + mark + ".tmp " + mark + "; exec sleep "
				+ (SLEEP + number) + "'") + "\n";
	}

	static String awaitMark(String name) {
		return "while [ ! -e " + mark(name) + " ]; do sleep 0.01; done\n";
	}

	static Path mark(String name) {
		return site.root().resolve("marks").resolve(name);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.prefixes[0].path", () -> "/cgi-bin");
		registry.add("cgi.prefixes[1].path", () -> "/slow");
		registry.add("cgi.prefixes[1].timeout", () -> "1s");
		registry.add("cgi.timeout", () -> "5m");
		registry.add("cgi.kill-grace", () -> "500ms");
		registry.add("cgi.isolation.processes", () -> "pid-namespace");
		registry.add("cgi.env.SERVER_PID", () -> Long.toString(ProcessHandle.current().pid()));
	}

	@AfterAll
	static void killLeftovers() {
		// Only after a failure are there any: they must not outlive the tests either.
		sleepers(0).forEach(ProcessHandle::destroyForcibly);
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void aChildWithAnEmptyEnvironmentInItsOwnSessionEnds() {
		assertAnsweredAndLeftoverEnds("env-i", 1);
	}

	@Test
	void aChildWithoutTheRunsIdEnds() {
		assertAnsweredAndLeftoverEnds("unset", 2);
	}

	@Test
	void aDoublyForkedChildEnds() {
		assertAnsweredAndLeftoverEnds("double-fork", 3);
	}

	@Test
	void aChildThatReExecutesItselfEnds() {
		assertAnsweredAndLeftoverEnds("re-exec", 4);
	}

	@Test
	void theLeftoverOfATimedOutScriptEnds() {
		assertThat(new Http(this.port).get("/slow/timed-out.sh").statusCode()).isEqualTo(504);
		assertThat(mark("timed-out")).exists();
		awaitGone(5);
	}

	@Test
	void theLeftoverOfARunWhoseClientLeftEnds() throws IOException {
		try (Socket client = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			client.getOutputStream()
				.write("GET /cgi-bin/abandoned.sh HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(mark("abandoned")));
			assertThat(sleepers(8)).hasSize(1);
		}
		awaitGone(8);
	}

	@Test
	void aScriptIsTheFirstProcessOfItsOwnNamespace() {
		assertThat(new Http(this.port).get("/cgi-bin/pid.sh").body()).isEqualTo("1\n");
	}

	/**
	 * Its own {@code /proc} shows a script its own run only: not the server, nor other
	 * runs, whose environments (cookies, query strings) it could otherwise read.
	 */
	@Test
	void aScriptSeesOnlyItsOwnRunsProcesses() {
		String seen = new Http(this.port).get("/cgi-bin/processes.sh").body();
		assertThat(seen).doesNotContain("server visible");
		// The shell, and ls and grep while they run.
		assertThat(Integer.parseInt(seen.strip())).isBetween(1, 3);
	}

	@Test
	void theActuatorAndHealthSayHowRunsAreContained() {
		Actuator actuator = new Actuator(this.managementPort);
		assertThat(actuator.cgi().path("runContainment").path("mechanism").asText()).isEqualTo("pid-namespace");
		assertThat(actuator.get("health").findValue("runContainment").path("mechanism").asText())
			.isEqualTo("pid-namespace");
		// Unless cgi.isolation.mount-tmp asks for more, a run's folder is its TMPDIR only.
		assertThat(actuator.cgi().path("runContainment").path("tmp").asText()).contains("shared", "TMPDIR");
	}

	@Test
	void everyLeftoverEndsWhenTheServerStops() {
		TestSite own = TestSite.create();
		Path mark = own.writableFolder("marks").resolve("running");
		long sleep = SLEEP + 6;
		own.script("www/cgi-bin/running.sh", SH + "(env -i setsid sh -c 'echo > " + mark + "; exec sleep " + sleep
				+ "' >/dev/null 2>&1 &)\n" + HEADERS + "echo started\nexec sleep " + (sleep + 1) + "\n");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CgiServerApplication.class).run(
				"--server.port=0", "--management.server.port=", "--cgi.document-root=" + own.root().resolve("www"), "--cgi.kill-grace=1s",
				"--cgi.timeout=5m", "--cgi.isolation.processes=pid-namespace",
				"--spring.lifecycle.timeout-per-shutdown-phase=1s");
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			CompletableFuture.runAsync(() -> new Http(port).get("/cgi-bin/running.sh"));
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(mark));
			assertThat(sleepers(6)).hasSize(1);
			context.close();
			assertThat(sleepers(6)).isEmpty();
			assertThat(sleepers(7)).isEmpty();
		}
		finally {
			context.close();
			own.delete();
		}
	}

	private void assertAnsweredAndLeftoverEnds(String name, int number) {
		assertThat(new Http(this.port).get("/cgi-bin/" + name + ".sh").body()).isEqualTo("answered\n");
		assertThat(mark(name)).exists();
		awaitGone(number);
	}

	private static void awaitGone(int number) {
		Awaitility.await()
			.atMost(RUN_END)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> sleepers(number).stream().noneMatch(RunContainmentIntegrationTests::running));
	}

	private static boolean running(ProcessHandle process) {
		try {
			String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
			return process.isAlive() && !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The processes running one of this class's {@code sleep}s, found by its argument.
	 * @param number the script's number, or 0 for all of them
	 */
	static List<ProcessHandle> sleepers(int number) {
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			return entries.filter((entry) -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
				.filter((entry) -> sleeps(entry.resolve("cmdline"), number))
				.flatMap((entry) -> ProcessHandle.of(Long.parseLong(entry.getFileName().toString())).stream())
				.filter(RunContainmentIntegrationTests::running)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean sleeps(Path cmdline, int number) {
		try {
			String command = new String(Files.readAllBytes(cmdline), StandardCharsets.US_ASCII);
			String prefix = "sleep\0" + Long.toString(SLEEP).substring(0, Long.toString(SLEEP).length() - 1);
			return (number == 0) ? command.startsWith(prefix) : command.equals("sleep\0" + (SLEEP + number) + "\0");
		}
		catch (IOException ex) {
			return false;
		}
	}

}
