package org.cgiserver.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a PID namespace per run and {@code cgi.isolation.mount-tmp}, a run's own folder is
 * its {@code /tmp}: a hostile script
 * that looks in {@code /tmp} sees neither the system's files nor those of a run going on
 * beside it, and a program that ignores {@code TMPDIR} writes where no later run looks.
 * A prefix whose scripts share temporary files names its own {@code TMPDIR} and keeps the
 * system's {@code /tmp}. The site is in {@code /var/tmp}: one under {@code /tmp} would be
 * hidden by a run's own {@code /tmp}, and the server would not start.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PrivateTmpIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.createIn(Path.of("/var/tmp"));

	static final String SH = "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\n";

	/** A file any user may read in the system's {@code /tmp}, as another program's would be. */
	static final Path SYSTEM_FILE = Path.of("/tmp",
			"cgiserver-system-file-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));

	static final String PYTHON = "#!/usr/bin/python3\nimport os, socket, time\nprint('Content-Type: text/plain\\n')\n"
			+ "NAME = '\\0cgiserver-test-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "'\n";

	static {
		site.writableFolder("marks");
		// What a script snooping in /tmp finds, and where it writes when it ignores TMPDIR.
		site.script("www/cgi-bin/look.sh", SH + "echo \"TMPDIR=$TMPDIR\"\necho \"UID=$(id -u)\"\n"
				+ "echo \"SYSTEM_FILE=$([ -e " + SYSTEM_FILE + " ] && echo seen || echo hidden)\"\n"
				+ "echo \"FILES=$(ls -A /tmp | tr '\\n' ' ')\"\n"
				+ "echo written > /tmp/written-by-$QUERY_STRING && echo WROTE=yes\n");
		// Holds a secret in its /tmp until the test lets it go.
		site.script("www/cgi-bin/holder.sh", SH + "echo secret > /tmp/secret\n" + "touch " + mark("holding") + "\n"
				+ "while [ ! -e " + mark("release") + " ]; do sleep 0.01; done\necho released\n");
		// A run hands a descriptor of its /tmp to one going on beside it, which waits to see
		// whether the folder is removed after the first ended, or kept for a later run.
		site.script("www/cgi-bin/keeper.py", PYTHON + "s = socket.socket(socket.AF_UNIX)\ns.bind(NAME)\ns.listen(1)\n"
				+ "open('" + mark("listening") + "', 'w').close()\nc, _ = s.accept()\n"
				+ "_, fds, _, _ = socket.recv_fds(c, 16, 1)\ndeadline = time.time() + 10\n"
				+ "while os.fstat(fds[0]).st_nlink > 0 and time.time() < deadline:\n    time.sleep(0.02)\n"
				+ "print('removed' if os.fstat(fds[0]).st_nlink == 0 else 'kept')\n");
		site.script("www/cgi-bin/giver.py", PYTHON + "c = socket.socket(socket.AF_UNIX)\nc.connect(NAME)\n"
				+ "socket.send_fds(c, [b'x'], [os.open('/tmp', os.O_RDONLY | os.O_DIRECTORY)])\nprint('given')\n");
		site.script("www/shared/look.sh", SH + "echo \"TMPDIR=$TMPDIR\"\n"
				+ "echo \"SYSTEM_FILE=$([ -e " + SYSTEM_FILE + " ] && echo seen || echo hidden)\"\n");
	}

	static String mark(String name) {
		return site.root().resolve("marks").resolve(name).toString();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry);
		registry.add("cgi.prefixes[0].path", () -> "/cgi-bin");
		registry.add("cgi.prefixes[1].path", () -> "/shared");
		registry.add("cgi.prefixes[1].env.TMPDIR", () -> "/tmp");
		registry.add("cgi.isolation.processes", () -> "pid-namespace");
		registry.add("cgi.isolation.mount-tmp", () -> "true");
	}

	@BeforeAll
	static void putAFileInTheSystemsTmp() throws IOException {
		Files.writeString(SYSTEM_FILE, "the system's");
		Files.setPosixFilePermissions(SYSTEM_FILE, PosixFilePermissions.fromString("rw-r--r--"));
	}

	@AfterAll
	static void removeIt() throws IOException {
		Files.deleteIfExists(SYSTEM_FILE);
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void aScriptsTmpIsItsOwnFolderAndHidesTheSystems() {
		Map<String, String> seen = look("first");
		assertThat(seen).containsEntry("TMPDIR", "/tmp")
			.containsEntry("SYSTEM_FILE", "hidden")
			.containsEntry("FILES", "")
			.containsEntry("WROTE", "yes");
		assertThat(SYSTEM_FILE.resolveSibling("written-by-first")).doesNotExist();
	}

	/** The mount needs a namespace's root; the script still runs as the scripts' user. */
	@Test
	void theScriptRunsAsTheScriptsUser() throws IOException {
		int own = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
		int expected = (own == 0) ? Account.lookup("nobody").orElseThrow().uid() : own;
		assertThat(look("who")).containsEntry("UID", Integer.toString(expected));
	}

	@Test
	void aLaterRunFindsNothingAnEarlierOneLeftInTmp() {
		assertThat(look("earlier")).containsEntry("WROTE", "yes");
		assertThat(look("later")).containsEntry("FILES", "");
	}

	@Test
	void aRunCannotSeeTheTmpOfARunGoingOnBesideIt() throws IOException {
		CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> new Http(this.port).get("/cgi-bin/holder.sh").body());
		try {
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(Path.of(mark("holding"))));
			assertThat(look("beside")).containsEntry("FILES", "").containsEntry("SYSTEM_FILE", "hidden");
		}
		finally {
			Files.writeString(Path.of(mark("release")), "");
		}
		assertThat(holder.join()).isEqualTo("released\n");
	}

	/**
	 * A run's folder is removed when it ends, never kept for a later run: a descriptor of
	 * it that another run got would let that one read the later run's files.
	 */
	@Test
	void aRunsFolderIsNotKeptForALaterRun() {
		CompletableFuture<String> keeper = CompletableFuture
			.supplyAsync(() -> new Http(this.port).get("/cgi-bin/keeper.py").body());
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(Path.of(mark("listening"))));
		assertThat(new Http(this.port).get("/cgi-bin/giver.py").body()).isEqualTo("given\n");
		assertThat(keeper.join()).isEqualTo("removed\n");
	}

	@Test
	void aPrefixWithItsOwnTmpdirKeepsTheSystemsTmp() {
		Map<String, String> seen = parse(new Http(this.port).get("/shared/look.sh").body());
		assertThat(seen).containsEntry("TMPDIR", "/tmp").containsEntry("SYSTEM_FILE", "seen");
	}

	@Test
	void theActuatorSaysWhatRunsHaveAsTmp() {
		assertThat(new Actuator(this.managementPort).cgi().path("runContainment").path("tmp").asText())
			.contains("mounted on /tmp");
	}

	private Map<String, String> look(String name) {
		return parse(new Http(this.port).get("/cgi-bin/look.sh?" + name).body());
	}

	private static Map<String, String> parse(String body) {
		Map<String, String> values = new LinkedHashMap<>();
		body.lines().forEach((line) -> {
			int equals = line.indexOf('=');
			if (equals < 0) {
				throw new UncheckedIOException(new IOException("not a value: " + body));
			}
			values.put(line.substring(0, equals), line.substring(equals + 1).strip());
		});
		return values;
	}

}
