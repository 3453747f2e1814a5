package org.cgiserver.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.cgiserver.CgiServerApplication;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's processes end with the run, and every run's processes end before the server
 * stops: background children of answered, timed-out and running scripts, also those that
 * left the script's process group or session or ignore SIGTERM.
 *
 * <p>Each child writes its own process id and then execs {@code sleep} with a number
 * unique to this test class; the script answers only once the child has written it, so
 * the child was running when the answer came.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ProcessLifetimeIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final String SH = "#!/bin/sh\n";

	static final String HEADERS = "printf 'Content-Type: text/plain\\n\\n'\n";

	/** Far longer than any wait here, and unique to this run of the tests. */
	static final long SLEEP = 900_000 + ThreadLocalRandom.current().nextLong(90_000);

	static final Duration KILL_GRACE = Duration.ofMillis(500);

	/** Kill grace plus sweep interval, with room for a busy machine; far below cgi.timeout. */
	static final Duration RUN_END = Duration.ofSeconds(5);

	static {
		site.writableFolder("pids");
		site.script("www/cgi-bin/background.sh", answersAfter("child", "background", "%s >/dev/null 2>&1 &"));
		site.script("www/cgi-bin/stderr.sh", answersAfter("child", "stderr", "%s >/dev/null &"));
		site.script("www/cgi-bin/setsid.sh", answersAfter("child", "setsid", "setsid %s >/dev/null 2>&1 &"));
		site.script("www/cgi-bin/setpgrp.sh", answersAfter("child", "setpgrp",
				"perl -e 'setpgrp(0, 0); exec @ARGV or die' %s >/dev/null 2>&1 &"));
		site.script("www/cgi-bin/stubborn.sh", answersAfter("stubborn", "stubborn", "%s >/dev/null 2>&1 &"));
		// The run lasts as long as the script, even after its answer is complete.
		site.script("www/cgi-bin/lingering.sh", SH + "echo $$ > \"$PIDS/lingering\"\n" + HEADERS
				+ "echo answered\nexec >&-\nwhile [ ! -e \"$PIDS/lingering.go\" ]; do sleep 0.05; done\n");
		// Under /slow the wall-clock limit is one second. The child is orphaned at once (its
		// parent subshell exits), so it is no descendant of the script when the limit hits.
		site.script("www/slow/orphan.sh", SH + "(setsid " + child("child", "orphan") + " >/dev/null 2>&1 &)\n"
				+ "while [ ! -s \"$PIDS/orphan\" ]; do sleep 0.01; done\nsleep " + SLEEP + "\n");
	}

	/**
	 * A script that starts a child in the background, waits until it runs, answers and
	 * exits.
	 * @param kind {@code child} or {@code stubborn} (ignores SIGTERM)
	 * @param name the file the child's pid goes to
	 * @param start how to start the child, {@code %s} standing for its command
	 */
	static String answersAfter(String kind, String name, String start) {
		return SH + start.formatted(child(kind, name)) + "\nwhile [ ! -s \"$PIDS/" + name
				+ "\" ]; do sleep 0.01; done\n" + HEADERS + "echo answered\n";
	}

	static String child(String kind, String name) {
		String trap = kind.equals("stubborn") ? "trap \"\" TERM; " : "";
		return "sh -c '" + trap + "echo $$ > \"$PIDS/" + name + ".tmp\"; mv \"$PIDS/" + name + ".tmp\" \"$PIDS/" + name
				+ "\"; exec sleep " + SLEEP + "'";
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.prefixes[0].path", () -> "/cgi-bin");
		registry.add("cgi.prefixes[1].path", () -> "/slow");
		registry.add("cgi.prefixes[1].timeout", () -> "1s");
		registry.add("cgi.timeout", () -> "5m");
		registry.add("cgi.kill-grace", () -> KILL_GRACE.toMillis() + "ms");
		registry.add("cgi.env.PIDS", () -> site.root().resolve("pids").toString());
	}

	@AfterAll
	static void killLeftovers() {
		// Only after a failure are there any: they must not outlive the tests either.
		sleepers().forEach(ProcessHandle::destroyForcibly);
	}

	@LocalServerPort
	int port;

	@Test
	void backgroundChildOfAnAnsweredScriptEnds() {
		assertAnsweredAndChildEnds("/cgi-bin/background.sh", "background");
	}

	@Test
	void backgroundChildHoldingStandardErrorEnds() {
		assertAnsweredAndChildEnds("/cgi-bin/stderr.sh", "stderr");
	}

	@Test
	void backgroundChildInItsOwnSessionEnds() {
		assertAnsweredAndChildEnds("/cgi-bin/setsid.sh", "setsid");
	}

	@Test
	void backgroundChildInItsOwnProcessGroupEnds() {
		assertAnsweredAndChildEnds("/cgi-bin/setpgrp.sh", "setpgrp");
	}

	@Test
	void backgroundChildIgnoringSigtermIsKilled() {
		assertAnsweredAndChildEnds("/cgi-bin/stubborn.sh", "stubborn");
	}

	@Test
	void orphanOfATimedOutScriptEndsWithTheRun() {
		assertThat(new Http(this.port).get("/slow/orphan.sh").statusCode()).isEqualTo(504);
		List<Long> child = Pids.read(pids("orphan"));
		assertThat(child).hasSize(1);
		// Within the grace after the one-second limit, long before anything else could.
		Pids.awaitGone(child, RUN_END);
	}

	@Test
	void scriptRunningOnAfterItsAnswerIsLeftToFinish() throws IOException {
		assertThat(new Http(this.port).get("/cgi-bin/lingering.sh").body()).isEqualTo("answered\n");
		List<Long> script = Pids.read(pids("lingering"));
		assertThat(script).hasSize(1);
		// Several sweeps come and go: they are for finished runs only.
		Awaitility.await()
			.during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> Pids.alive(script.get(0)));
		Files.writeString(pids("lingering.go"), "go");
		Pids.awaitGone(script, RUN_END);
	}

	private void assertAnsweredAndChildEnds(String path, String name) {
		assertThat(new Http(this.port).get(path).body()).isEqualTo("answered\n");
		List<Long> child = Pids.read(pids(name));
		assertThat(child).hasSize(1);
		Pids.awaitGone(child, RUN_END);
	}

	@Test
	void everyProcessOfEveryRunEndsBeforeTheServerStops() {
		TestSite own = TestSite.create();
		own.writableFolder("pids");
		own.script("www/cgi-bin/stubborn.sh", answersAfter("stubborn", "stubborn", "setsid %s >/dev/null 2>&1 &"));
		own.script("www/cgi-bin/running.sh", SH + "(" + child("stubborn", "running") + " >/dev/null 2>&1 &)\n"
				+ HEADERS + "echo started\nsleep " + SLEEP + "\n");
		// A long grace: the finished run's stubborn child is still there when the server
		// stops, whatever the sweeps did before.
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CgiServerApplication.class).run(
				"--server.port=0", "--management.server.port=", "--cgi.document-root=" + own.root().resolve("www"),
				"--cgi.env.PIDS=" + own.root().resolve("pids"), "--cgi.kill-grace=2s", "--cgi.timeout=5m",
				"--spring.lifecycle.timeout-per-shutdown-phase=1s");
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(new Http(port).get("/cgi-bin/stubborn.sh").body()).isEqualTo("answered\n");
			CompletableFuture.runAsync(() -> new Http(port).get("/cgi-bin/running.sh"));
			List<Long> children = Stream.of("stubborn", "running")
				.flatMap((name) -> Pids.await(own.root().resolve("pids").resolve(name), 1).stream())
				.toList();
			context.close();
			assertThat(children).noneMatch(Pids::alive);
		}
		finally {
			context.close();
			own.delete();
		}
	}

	static Path pids(String name) {
		return site.root().resolve("pids").resolve(name);
	}

	/** The processes running this class's {@code sleep}, found by its argument. */
	static List<ProcessHandle> sleepers() {
		byte[] argument = ("sleep\0" + SLEEP + "\0").getBytes(StandardCharsets.US_ASCII);
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			return entries.filter((entry) -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
				.filter((entry) -> endsWith(entry.resolve("cmdline"), argument))
				.flatMap((entry) -> ProcessHandle.of(Long.parseLong(entry.getFileName().toString())).stream())
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean endsWith(Path cmdline, byte[] suffix) {
		try {
			byte[] bytes = Files.readAllBytes(cmdline);
			return bytes.length >= suffix.length && Arrays.equals(bytes, bytes.length - suffix.length,
					bytes.length, suffix, 0, suffix.length);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
