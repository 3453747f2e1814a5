package org.cgiserver.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.cgiserver.support.CgiReport;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code cgi.limits.processes} stops a fork bomb. RLIMIT_NPROC counts every process of
 * the scripts' user on the machine, not just the script's: the limit is set this far
 * above what that user already runs when the context starts, and only the scripts of
 * this class have it.
 *
 * <p>Only as root, where scripts run as {@code nobody}: as a normal user the count
 * includes the user's own JVMs and their threads, which come and go as they please.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ProcessLimitIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final boolean ROOT = ServerUser.current().root();

	/** Processes the fork bomb may start, plus room for others the user starts meanwhile. */
	static final int HEADROOM = 30;

	/** More processes than the limit allows; none are left once the script exits. */
	static final int ATTEMPTS = 200;

	static int limit;

	static {
		site.writableFolder("pids");
		site.script("www/cgi-bin/limits.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\n"
				+ "echo \"processes=$(ulimit -p)\"\n");
		// Starts children that live on until it exits; dash exits when a fork fails, and
		// ends its children on the way out.
		site.script("www/cgi-bin/forks.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\n"
				+ "children=\ntrap 'kill $children 2>/dev/null' EXIT\nn=0\n"
				+ "while [ $n -lt " + ATTEMPTS + " ]; do\n"
				+ "  sleep 60 </dev/null >/dev/null 2>&1 &\n  children=\"$children $!\"\n"
				+ "  echo $! >> \"$PIDS/forks\"\n  n=$((n+1))\n  echo \"started=$n\"\ndone\necho 'no fork failed'\n");
	}

	@BeforeAll
	static void onlyAsRoot() {
		assumeTrue(ROOT, "the process limit is only tested as root (scripts run as nobody)");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.env.PIDS", () -> site.root().resolve("pids").toString());
		registry.add("cgi.limits.processes", ProcessLimitIntegrationTests::limit);
		// Far longer than the test: the limit, not the time limit, ends the fork bomb.
		registry.add("cgi.timeout", () -> "60s");
	}

	/** Decided once, when the context starts. */
	static synchronized int limit() {
		if (limit == 0) {
			limit = tasksOf(uidOf("nobody")) + HEADROOM;
		}
		return limit;
	}

	@AfterAll
	static void endLeftovers() {
		// Should the script's trap not have ended them, they must not hold the user's slots.
		Pids.read(site.root().resolve("pids/forks"))
			.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void forkBombsStopAtTheProcessLimit() {
		Http http = new Http(this.port);
		assertThat(http.get("/cgi-bin/limits.sh").body()).isEqualTo("processes=" + limit + "\n");
		List<String> lines = http.get("/cgi-bin/forks.sh").body().lines().toList();
		assertThat(lines).isNotEmpty().doesNotContain("no fork failed");
		int started = Integer.parseInt(lines.get(lines.size() - 1).substring("started=".length()));
		// The script and its children, all alive at once, never more than the limit.
		assertThat(started).isBetween(1, limit - 1);
		CgiReport report = new CgiReport(this.managementPort);
		JsonNode run = report.awaitRun("/cgi-bin/forks.sh");
		assertThat(run.path("outcome").asString()).isEqualTo("failure");
		assertThat(run.path("reason").asString()).isEqualTo("exit status 2");
		assertThat(report.lastFailure("/cgi-bin/forks.sh").path("stderr").asString()).contains("Cannot fork");
		Pids.awaitGone(Pids.read(site.root().resolve("pids/forks")));
	}

	static int uidOf(String user) {
		try {
			return Files.readAllLines(Path.of("/etc/passwd")).stream()
				.map((line) -> line.split(":"))
				.filter((fields) -> fields.length > 2 && fields[0].equals(user))
				.map((fields) -> Integer.parseInt(fields[2]))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The tasks (threads, which RLIMIT_NPROC counts) whose real user is the given one. */
	static int tasksOf(int uid) {
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			return entries.filter((entry) -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
				.mapToInt((entry) -> tasksOf(entry, uid))
				.sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int tasksOf(Path process, int uid) {
		try {
			List<String> status = Files.readAllLines(process.resolve("status"));
			boolean owned = status.stream()
				.anyMatch((line) -> line.startsWith("Uid:") && line.split("\\s+")[1].equals(Integer.toString(uid)));
			return !owned ? 0 : status.stream()
				.filter((line) -> line.startsWith("Threads:"))
				.mapToInt((line) -> Integer.parseInt(line.split("\\s+")[1]))
				.findFirst()
				.orElse(1);
		}
		catch (IOException | RuntimeException ex) {
			// The process ended meanwhile.
			return 0;
		}
	}

}
