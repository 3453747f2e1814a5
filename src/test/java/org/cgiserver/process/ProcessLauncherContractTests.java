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
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a started script gets, the same from every launcher: the JDK's ProcessBuilder and,
 * on Java 22+, posix_spawn through the Foreign Function &amp; Memory API.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessLauncherContractTests {

	private static final Map<String, String> ENVIRONMENT = Map.of("PATH", "/usr/bin:/bin", "GREETING", "hello world");

	@TempDir
	Path folder;

	private static final boolean ROOT = ServerUser.current().root();

	/** As root, every launcher also starts scripts as nobody, the native one through its spawn helper. */
	private static final ProcessConfinement AS_NOBODY = new ProcessConfinement(List.of(),
			List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"), true, "nobody",
			ResourceLimits.NONE, null);

	private static @Nullable ProcessLauncher helper;

	static Stream<ProcessLauncher> launchers() {
		return Stream.concat(launchersThatExecScriptsThemselves(),
				ROOT ? Stream.of(asNobody(ProcessLauncher.processBuilder())) : Stream.empty());
	}

	static Stream<ProcessLauncher> launchersThatExecScriptsThemselves() {
		Stream<ProcessLauncher> own = Stream.of(ProcessLauncher.processBuilder(), PreferredLauncher.choose(true));
		// Before Java 22 there is no helper: as nobody, scripts are then started through setpriv.
		return (ROOT && hasHelper()) ? Stream.concat(own, Stream.of(asNobody(helper()))) : own;
	}

	static Stream<ProcessLauncher> nativeLaunchers() {
		Stream<ProcessLauncher> own = Stream.of(PreferredLauncher.choose(true));
		return (ROOT && hasHelper()) ? Stream.concat(own, Stream.of(asNobody(helper()))) : own;
	}

	private static boolean hasHelper() {
		return helper().toString().equals("spawn helper");
	}

	static synchronized ProcessLauncher helper() {
		if (helper == null) {
			helper = PreferredLauncher.choose(true, AS_NOBODY);
		}
		return helper;
	}

	/**
	 * The launcher starting scripts as nobody, as a server running as root does: through
	 * the switch of user before every script, unless the launcher's helper runs as nobody.
	 */
	private static ProcessLauncher asNobody(ProcessLauncher launcher) {
		return new ProcessLauncher() {

			@Override
			public Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
					throws IOException {
				return launcher.launchConfined(AS_NOBODY, command, environment, workingDirectory);
			}

			@Override
			public String toString() {
				return launcher + " as nobody";
			}

		};
	}

	@BeforeEach
	void openTheFolderToScriptsOfOtherUsers() throws IOException {
		Files.setPosixFilePermissions(this.folder, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	@Test
	void theNativeLauncherIsPreferredWhereTheJdkCanLoadIt() {
		ProcessLauncher preferred = PreferredLauncher.choose(true);
		if (Runtime.version().feature() >= 22) {
			assertThat(preferred).hasToString("posix_spawn");
		}
		assertThat(PreferredLauncher.choose(false)).doesNotHaveToString("posix_spawn");
	}

	@ParameterizedTest
	@MethodSource("launchers")
	void pipesTheThreeStreamsAndReportsTheExitCode(ProcessLauncher launcher) throws Exception {
		Process process = launcher.launch(List.of("/bin/sh", "-c", "tr a-z A-Z; echo oops >&2; exit 3"), ENVIRONMENT,
				this.folder);
		try (OutputStream stdin = process.getOutputStream()) {
			stdin.write("shout\n".getBytes(StandardCharsets.US_ASCII));
		}
		assertThat(read(process.getInputStream())).isEqualTo("SHOUT\n");
		assertThat(read(process.getErrorStream())).isEqualTo("oops\n");
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(3);
		assertThat(process.isAlive()).isFalse();
		assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isSameAs(process);
	}

	@ParameterizedTest
	@MethodSource("launchers")
	void givesExactlyTheEnvironmentAndTheWorkingFolder(ProcessLauncher launcher) throws Exception {
		Process process = launcher.launch(List.of("/bin/sh", "-c", "pwd; env | sort"), ENVIRONMENT, this.folder);
		process.getOutputStream().close();
		List<String> lines = read(process.getInputStream()).lines().toList();
		assertThat(lines.get(0)).isEqualTo(this.folder.toRealPath().toString());
		assertThat(lines.subList(1, lines.size())).contains("GREETING=hello world", "PATH=/usr/bin:/bin")
			.allMatch((line) -> line.startsWith("GREETING=") || line.startsWith("PATH=") || line.startsWith("PWD=")
					|| line.startsWith("OLDPWD="));
		assertThat(process.waitFor()).isZero();
	}

	@ParameterizedTest
	@MethodSource("launchers")
	void leavesNoDescriptorOfTheServerOpenInTheScript(ProcessLauncher launcher) throws Exception {
		try (InputStream held = Files.newInputStream(Files.writeString(this.folder.resolve("held"), "x"))) {
			Process process = launcher.launch(List.of("/bin/cat"), ENVIRONMENT, this.folder);
			try {
				// Until cat waits for input: while it starts, the dynamic loader opens files of
				// its own for a moment.
				Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(descriptors(process)).containsExactlyInAnyOrder("0", "1", "2"));
			}
			finally {
				process.getOutputStream().close();
			}
			assertThat(read(process.getInputStream())).isEmpty();
			assertThat(process.waitFor()).isZero();
		}
	}

	/**
	 * The JDK's children inherit SIGQUIT blocked from the JVM's thread; the native launchers
	 * (and, as root, the spawn helper) start scripts with every standard signal unblocked and
	 * at its default.
	 */
	@ParameterizedTest
	@MethodSource("nativeLaunchers")
	void theNativeLaunchersStartScriptsWithNoStandardSignalBlockedOrIgnored(ProcessLauncher launcher)
			throws Exception {
		assumeTrue(Runtime.version().feature() >= 22, "the native launcher needs Java 22+");
		Process process = launcher
			.launch(List.of("/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"), ENVIRONMENT, this.folder);
		process.getOutputStream().close();
		List<String> lines = read(process.getInputStream()).lines().toList();
		assertThat(lines).hasSize(2)
			.allSatisfy((line) -> assertThat(Long.parseLong(line.substring(line.indexOf('\t') + 1), 16) & 0x7fffffffL)
				.as(line)
				.isZero());
		assertThat(process.waitFor()).isZero();
	}

	@ParameterizedTest
	@MethodSource("launchers")
	void reportsASignalledExitAsTheJdkDoes(ProcessLauncher launcher) throws Exception {
		Process process = launcher.launch(List.of("/bin/sh", "-c", "kill -KILL $$"), ENVIRONMENT, this.folder);
		process.getOutputStream().close();
		assertThat(process.waitFor()).isEqualTo(128 + 9);
	}

	@ParameterizedTest
	@MethodSource("launchers")
	void destroyStopsTheScript(ProcessLauncher launcher) throws Exception {
		Process process = launcher.launch(List.of("/bin/sleep", "60"), ENVIRONMENT, this.folder);
		assertThat(process.isAlive()).isTrue();
		assertThat(process.toHandle().pid()).isEqualTo(process.pid());
		process.destroy();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(128 + 15);
		process.getOutputStream().close();
		process.getInputStream().close();
		process.getErrorStream().close();
	}

	@ParameterizedTest
	@MethodSource("launchers")
	void runsAFileWithoutAnInterpreterLineWithTheShell(ProcessLauncher launcher) throws Exception {
		Path script = executable("plain", "echo plain $1\n");
		Process process = launcher.launch(List.of(script.toString(), "text"), ENVIRONMENT, this.folder);
		process.getOutputStream().close();
		assertThat(read(process.getInputStream())).isEqualTo("plain text\n");
		assertThat(process.waitFor()).isZero();
	}

	/**
	 * Through {@code setpriv} a program that cannot run is only found out by its exit
	 * code, so that launcher is left out.
	 */
	@ParameterizedTest
	@MethodSource("launchersThatExecScriptsThemselves")
	void saysWhyAProgramCannotRun(ProcessLauncher launcher) throws Exception {
		Path unexecutable = Files.writeString(this.folder.resolve("data"), "#!/bin/sh\n");
		assertThatIOException()
			.isThrownBy(() -> launcher.launch(List.of(unexecutable.toString()), ENVIRONMENT, this.folder))
			.withMessageContaining("Permission denied");
		Path missingInterpreter = executable("broken", "#!/no/such/interpreter\n");
		assertThatIOException()
			.isThrownBy(() -> launcher.launch(List.of(missingInterpreter.toString()), ENVIRONMENT, this.folder))
			.withMessageContaining("No such file or directory");
		assertThatIOException()
			.isThrownBy(() -> launcher.launch(List.of("/bin/true"), ENVIRONMENT, this.folder.resolve("gone")))
			.withMessageContaining("No such file or directory");
	}

	private Path executable(String name, String content) throws IOException {
		Path file = Files.writeString(this.folder.resolve(name), content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

	private static String read(InputStream stream) throws IOException {
		try (stream) {
			return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static List<String> descriptors(Process process) throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
			return descriptors.map((fd) -> fd.getFileName().toString()).toList();
		}
	}

}
