package org.cgiserver.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The spawn helper of a server running as root on Java 22+: scripts started by a helper
 * that runs as their user, and what happens when a script turns on the helper.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpawnHelperTests {

	private static final ProcessConfinement AS_NOBODY = new ProcessConfinement(List.of(),
			List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"), true, "nobody",
			ResourceLimits.NONE, null);

	private static final Map<String, String> ENVIRONMENT = Map.of("PATH", "/usr/bin:/bin");

	/** What a script prints to show who started it: nobody (the helper) or root (setpriv). */
	private static final String PARENT_UID = "stat -c %u /proc/$PPID";

	@TempDir
	Path folder;

	private ProcessLauncher launcher;

	@BeforeEach
	void startAHelper() throws IOException {
		assumeTrue(ServerUser.current().root() && Runtime.version().feature() >= 22,
				"the spawn helper serves a server running as root on Java 22+");
		Files.setPosixFilePermissions(this.folder, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.launcher = NativeSpawning.throughHelper(AS_NOBODY, Duration.ofSeconds(2), NativeSpawning.direct());
		assertThat(this.launcher).isNotNull().hasToString("spawn helper");
	}

	@AfterEach
	void stopTheHelper() {
		if (this.launcher != null) {
			this.launcher.close();
		}
	}

	@Test
	void startsScriptsAsTheUserWithNoGroupsAndNoCapabilities() throws Exception {
		Process process = start("id -u; id -g; id -G; grep -E '^Cap(Inh|Prm|Eff|Amb)' /proc/self/status; " + PARENT_UID);
		assertThat(read(process.getInputStream()).lines()).containsExactly("65534", "65534", "65534",
				"CapInh:\t0000000000000000", "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000",
				"CapAmb:\t0000000000000000", "65534");
		assertThat(process.waitFor()).isZero();
	}

	@Test
	void aScriptThatKillsTheHelperEndsWithoutExitCodeAndTheNextScriptsGetANewHelper() throws Exception {
		// It waits for its input, so that the helper has reported its start before it dies.
		Process killer = launch(List.of("/bin/sh", "-c", "read go; kill -KILL $PPID && echo killed"), ENVIRONMENT);
		try (OutputStream stdin = killer.getOutputStream()) {
			stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
		}
		assertThat(read(killer.getInputStream())).isEqualTo("killed\n");
		assertThat(killer.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(killer.exitValue()).isEqualTo(-1);
		for (int i = 0; i < 3; i++) {
			Process next = start("id -u; " + PARENT_UID + "; exit 4");
			assertThat(read(next.getInputStream())).isEqualTo("65534\n65534\n");
			assertThat(next.waitFor()).isEqualTo(4);
		}
	}

	@Test
	void aScriptThatStopsTheHelperStillHasItsEndNoticedAndTheNextScriptsGetANewHelper() throws Exception {
		// It waits for its input, so that the helper has reported its start before it stops.
		Process stopper = launch(List.of("/bin/sh", "-c", "read go; kill -STOP $PPID && echo stopped"), ENVIRONMENT);
		try (OutputStream stdin = stopper.getOutputStream()) {
			stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
		}
		assertThat(read(stopper.getInputStream())).isEqualTo("stopped\n");
		// The stopped helper is found out by a ping and replaced, and the script's end is
		// noticed: as unknown (-1), or as its real status when the helper's reaper ran before
		// the stop took hold (the kernel stops a process's threads one by one).
		assertThat(stopper.waitFor(15, TimeUnit.SECONDS)).isTrue();
		assertThat(stopper.exitValue()).isIn(-1, 0);
		Process next;
		try {
			next = start("id -u; " + PARENT_UID + "; exit 3");
		}
		catch (IOException ex) {
			// When the reaper reported the end before the stop took hold, nothing was running to
			// ping for: the next start meets the stopped helper first, is refused once it has
			// not answered (never started twice), and the helper is replaced.
			assertThat(stopper.exitValue()).isZero();
			assertThat(ex).hasMessage("The spawn helper did not answer");
			next = start("id -u; " + PARENT_UID + "; exit 3");
		}
		assertThat(read(next.getInputStream())).isEqualTo("65534\n65534\n");
		assertThat(next.waitFor()).isEqualTo(3);
	}

	@Test
	void programsThatCannotRunLeaveTheHelperAndTheScriptsItRuns() throws Exception {
		Process running = launch(List.of("/bin/sh", "-c", "read go; echo $PPID; exit 7"), ENVIRONMENT);
		// The C library's child for each failed attempt exits while the helper waits for its children.
		Path withoutInterpreterLine = executable("plain", "echo plain\n");
		Path missingInterpreter = executable("broken", "#!/no/such/interpreter\n");
		for (int i = 0; i < 20; i++) {
			Process plain = launch(List.of(withoutInterpreterLine.toString()), ENVIRONMENT);
			plain.getOutputStream().close();
			assertThat(read(plain.getInputStream())).isEqualTo("plain\n");
			assertThat(plain.waitFor()).isZero();
			assertThatIOException().isThrownBy(() -> launch(List.of(missingInterpreter.toString()), ENVIRONMENT));
		}
		Process last = start("echo $PPID");
		String helper = read(last.getInputStream());
		try (OutputStream stdin = running.getOutputStream()) {
			stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
		}
		assertThat(read(running.getInputStream())).isEqualTo(helper);
		assertThat(running.waitFor()).isEqualTo(7);
	}

	@Test
	void closingTheLauncherStopsTheHelper() throws Exception {
		Process script = start("echo $PPID");
		long helper = Long.parseLong(read(script.getInputStream()).strip());
		assertThat(script.waitFor()).isZero();
		this.launcher.close();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> ProcessHandle.of(helper).map(ProcessHandle::isAlive).orElse(false), (alive) -> !alive);
	}

	@Test
	void aRequestTooLargeForTheHelperIsStartedThroughSetpriv() throws Exception {
		// Each variable within the kernel's limit of one string, together above the helper's 128 KiB.
		String large = "x".repeat(60 * 1024);
		Process process = launch(List.of("/bin/sh", "-c", "id -u; " + PARENT_UID),
				Map.of("PATH", "/usr/bin:/bin", "ONE", large, "TWO", large, "THREE", large));
		process.getOutputStream().close();
		assertThat(read(process.getInputStream())).isEqualTo("65534\n0\n");
		assertThat(process.waitFor()).isZero();
	}

	private Path executable(String name, String content) throws IOException {
		Path file = Files.writeString(this.folder.resolve(name), content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

	private Process start(String script) throws IOException {
		Process process = launch(List.of("/bin/sh", "-c", script), ENVIRONMENT);
		process.getOutputStream().close();
		return process;
	}

	private Process launch(List<String> command, Map<String, String> environment) throws IOException {
		return this.launcher.launchConfined(AS_NOBODY, command, environment, this.folder);
	}

	private static String read(InputStream stream) throws IOException {
		try (stream) {
			return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
