package org.cgiserver.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.cgiserver.process.ProcessExecutionServiceTests.FakeProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How scripts reach the spawn helper, and what goes before their command when it does
 * not take them, with a stand-in for the Java 22 part's helper: no JDK 22, no root.
 */
class NativeSpawningTests {

	private static final List<String> LIMITS = List.of("/usr/bin/prlimit", "--cpu=5:6", "--");

	private static final List<String> AS_NOBODY = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
			"--clear-groups", "--");

	private static final ProcessConfinement CONFINEMENT = new ProcessConfinement(LIMITS, AS_NOBODY, true, "nobody",
			new ResourceLimits(5L, null, null, null), null);

	private static final List<String> SCRIPT = List.of("/srv/cgi-bin/run", "arg");

	private final List<List<String>> direct = new ArrayList<>();

	@Test
	void theHelperGetsOnlyTheLimitsBeforeTheScript() throws Exception {
		Helper helper = new Helper(true);
		launcher(helper).launchConfined(CONFINEMENT, SCRIPT, Map.of(), Path.of("/"));
		assertThat(helper.commands).containsExactly(List.of("/usr/bin/prlimit", "--cpu=5:6", "--", "/srv/cgi-bin/run",
				"arg"));
		assertThat(this.direct).isEmpty();
	}

	@Test
	void aScriptTheHelperDoesNotTakeGoesThroughTheLimitsThenTheSwitchOfUser() throws Exception {
		Helper helper = new Helper(false);
		launcher(helper).launchConfined(CONFINEMENT, SCRIPT, Map.of(), Path.of("/"));
		assertThat(helper.commands).hasSize(1);
		assertThat(this.direct).containsExactly(List.of("/usr/bin/prlimit", "--cpu=5:6", "--", "/usr/bin/setpriv",
				"--reuid=65534", "--regid=65534", "--clear-groups", "--", "/srv/cgi-bin/run", "arg"));
		assertThat(this.direct.get(0)).isEqualTo(CONFINEMENT.wrap(SCRIPT, false));
	}

	@Test
	void theHelperTakesNoScriptOfAnotherUserNorOneItCouldNotLimit() throws Exception {
		Helper helper = new Helper(true);
		ProcessConfinement otherUser = new ProcessConfinement(List.of(),
				List.of("/usr/bin/setpriv", "--reuid=33", "--regid=33", "--clear-groups", "--"), true, "www-data",
				ResourceLimits.NONE, null);
		ProcessConfinement processLimit = new ProcessConfinement(List.of("/usr/bin/prlimit", "--nproc=64", "--"),
				AS_NOBODY, false, "nobody", new ResourceLimits(null, null, 64, null), null);
		ProcessLauncher launcher = launcher(helper);
		launcher.launchConfined(otherUser, SCRIPT, Map.of(), Path.of("/"));
		launcher.launchConfined(processLimit, SCRIPT, Map.of(), Path.of("/"));
		assertThat(helper.commands).isEmpty();
		assertThat(this.direct).containsExactly(otherUser.wrap(SCRIPT, false), processLimit.wrap(SCRIPT, false));
	}

	@Test
	void theHelperItselfRunsAsTheScriptsUserWithoutTheirLimits() {
		assertThat(CONFINEMENT.asScriptUser(List.of("java", "Helper"))).containsExactly("/usr/bin/setpriv",
				"--reuid=65534", "--regid=65534", "--clear-groups", "--", "java", "Helper");
	}

	@Test
	void theJava22PartIsBoundWhereTheJdkReadsIt() {
		ProcessLauncher direct = NativeSpawning.direct();
		if (Runtime.version().feature() >= 22) {
			assertThat(direct).isNotNull().hasToString("posix_spawn");
			assertThat(direct.outputWaitsWithoutThread()).as("output polled with epoll").isTrue();
		}
		else {
			assertThat(direct).isNull();
			assertThat(NativeSpawning.throughHelper(CONFINEMENT, Duration.ofSeconds(1), ProcessLauncher.processBuilder()))
				.isNull();
		}
	}

	@Test
	void outputIsWaitedForWithoutAThreadOnlyWhereTheEntrySaysItPolls() throws Exception {
		assertThat(launcher(new Helper(true)).outputWaitsWithoutThread()).isFalse();
	}

	private ProcessLauncher launcher(Helper helper) throws ReflectiveOperationException {
		return new NativeSpawning.ThroughHelper(NativeSpawning.adapt(helper), AS_NOBODY,
				(command, environment, workingDirectory) -> {
					this.direct.add(command);
					return new FakeProcess("");
				});
	}

	/**
	 * Stands in for the Java 22 part's entry with a helper: the same public methods.
	 */
	public static final class Helper {

		private final boolean takes;

		final List<List<String>> commands = new ArrayList<>();

		Helper(boolean takes) {
			this.takes = takes;
		}

		public @Nullable Process launch(List<String> command, Map<String, String> environment, Path workingDirectory) {
			this.commands.add(command);
			return this.takes ? new FakeProcess("") : null;
		}

		public long @Nullable [] cost(Process process) {
			return null;
		}

		public void close() {
		}

		public boolean pollsOutput() {
			return false;
		}

		@Override
		public String toString() {
			return "spawn helper";
		}

	}

}
