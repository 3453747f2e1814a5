package org.cgiserver.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;

import org.cgiserver.support.Http;
import org.cgiserver.support.ScriptEnv;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Scripts start with the least: {@code no_new_privs}, the system's program folders
 * rather than the server's PATH, and a temporary folder of their run's own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ScriptPrivilegesIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final ServerUser SERVER_USER = ServerUser.current();

	static {
		site.script("www/cgi-bin/start.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\n"
				+ "echo \"PATH=$PATH\"\n"
				+ "sed -n 's/^NoNewPrivs:[[:space:]]*/NO_NEW_PRIVS=/p' /proc/self/status\n"
				+ "echo \"OPEN_FILES=$(ulimit -n)\"\necho \"OPEN_FILES_HARD=$(ulimit -Hn)\"\n"
				+ "echo \"TMPDIR=$TMPDIR\"\necho \"TMPDIR_MODE=$(stat -c %a \"$TMPDIR\")\"\n"
				+ "echo \"TMPDIR_OWNER=$(stat -c %u \"$TMPDIR\")\"\necho \"UID=$(id -u)\"\n"
				+ "echo kept > \"$TMPDIR/file\"\nmkdir \"$TMPDIR/inner\" && echo kept > \"$TMPDIR/inner/file\"\n"
				+ "if [ ! -d \"${TMPDIR%/*}\" ]; then echo OTHER_RUNS=missing\n"
				+ "elif ls \"${TMPDIR%/*}\" >/dev/null 2>&1; then echo OTHER_RUNS=listed; else echo OTHER_RUNS=hidden; fi\n");
		site.script("www/own/start.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\necho \"PATH=$PATH\"\n"
				+ "echo \"TMPDIR=$TMPDIR\"\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.prefixes[0].path", () -> "/cgi-bin");
		registry.add("cgi.prefixes[1].path", () -> "/own");
		registry.add("cgi.prefixes[1].env.PATH", () -> "/usr/bin:/bin");
		registry.add("cgi.prefixes[1].env.TMPDIR", () -> site.root().toString());
	}

	@LocalServerPort
	int port;

	@Test
	void scriptsGetTheSystemsProgramFoldersNotTheServersPath() {
		assertThat(start("/cgi-bin/start.sh")).containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin");
	}

	@Test
	void thePathIsConfigurable() {
		assertThat(start("/own/start.sh")).containsEntry("PATH", "/usr/bin:/bin");
	}

	/**
	 * Under a root server through {@code setpriv} or the spawn helper, with
	 * {@code posix_spawn} (Java 22+) as any user, and through {@code setpriv} before a
	 * script of a server that is not root and starts scripts with the JDK's ProcessBuilder.
	 */
	@Test
	void scriptsCannotGainPrivilegesThroughExec() {
		assertThat(start("/cgi-bin/start.sh")).containsEntry("NO_NEW_PRIVS", "1");
	}

	/**
	 * Not the server's own limit, which the JVM raises to its hard limit (often tens of
	 * thousands): a script that leaks descriptors fails early, as under systemd.
	 */
	@Test
	void scriptsMayHaveAThousandOpenFilesByDefault() {
		assertThat(start("/cgi-bin/start.sh")).containsEntry("OPEN_FILES", "1024")
			.containsEntry("OPEN_FILES_HARD", "1024");
	}

	/**
	 * What a run leaves in its folder goes when it ends; the emptied folder may serve a
	 * later run, but under another random name, so no run finds its folder where an
	 * earlier one had it.
	 */
	@Test
	void everyRunHasATemporaryFolderOfItsOwnEmptiedWhenItEnds() {
		Map<String, String> first = start("/cgi-bin/start.sh");
		Map<String, String> second = start("/cgi-bin/start.sh");
		assertThat(first.get("TMPDIR")).isNotEqualTo(second.get("TMPDIR"));
		assertThat(first).containsEntry("TMPDIR_MODE", "700").containsEntry("TMPDIR_OWNER", first.get("UID"));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> !Files.exists(Path.of(first.get("TMPDIR"), "file"))
					&& !Files.exists(Path.of(second.get("TMPDIR"), "inner")));
		Map<String, String> later = start("/cgi-bin/start.sh");
		assertThat(later.get("TMPDIR")).isNotIn(first.get("TMPDIR"), second.get("TMPDIR"));
		assertThat(later).containsEntry("TMPDIR_MODE", "700");
		assertThat(Path.of(first.get("TMPDIR"))).satisfiesAnyOf((folder) -> assertThat(folder).doesNotExist(),
				(folder) -> assertThat(folder).isEmptyDirectory());
	}

	@Test
	void scriptsOfAnotherUserCannotListTheRunsTemporaryFolders() {
		assumeTrue(SERVER_USER.root(), "scripts run as the server's own user, who owns the folder");
		assertThat(start("/cgi-bin/start.sh")).containsEntry("OTHER_RUNS", "hidden");
	}

	@Test
	void aPrefixThatNamesItsTemporaryFolderKeepsIt() {
		assertThat(start("/own/start.sh")).containsEntry("TMPDIR", site.root().toString());
	}

	private Map<String, String> start(String path) {
		return ScriptEnv.parse(new Http(this.port).get(path).body());
	}

}
