package org.cgiserver.process;

import java.nio.file.Path;
import java.util.List;

import org.cgiserver.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The wrappers scripts start through, and the start-up failures when they cannot be
 * found.
 */
class ProcessConfinementTests {

	private static final ServerUser ROOT = new ServerUser("root", true);

	private static final ServerUser SERVICE = new ServerUser("service", false);

	private static final List<Path> SYSTEM = WrapperPrograms.searchPath(null);

	private static final List<Path> NOWHERE = List.of(Path.of("/nonexistent/cgiserver-bin"));

	private static final HardLimits UNLIMITED = new HardLimits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

	@Test
	void aRootServerWithoutSetprivCannotStart() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> ProcessConfinement.from(null, ResourceLimits.NONE, ROOT, NOWHERE, UNLIMITED))
			.withMessage("Invalid value 'nobody' for cgi.run-as: the server runs as root, and dropping to another "
					+ "user needs util-linux 'setpriv' on PATH");
	}

	@Test
	void limitsWithoutPrlimitCannotStart() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> ProcessConfinement.from(null, new ResourceLimits(null, null, null, 64), SERVICE, NOWHERE,
					UNLIMITED))
			.withMessage("Invalid value '--nofile=64' for cgi.limits: resource limits need util-linux 'prlimit' on PATH "
					+ "(scripts may have 1024 open files unless cgi.limits.open-files is set empty, which keeps the "
					+ "server's own limit)");
	}

	@Test
	void aRootServerDropsToTheScriptUserWithoutGroups() {
		ProcessConfinement confinement = ProcessConfinement.from(null, ResourceLimits.NONE, ROOT, SYSTEM, UNLIMITED);
		assertThat(confinement.user()).isEqualTo("nobody");
		assertThat(confinement.wrap(List.of(), false)).first().asString().endsWith("/setpriv");
		assertThat(confinement.wrap(List.of(), false)).contains("--clear-groups").last().isEqualTo("--");
		assertThat(confinement.switchedUser()).isNotNull();
		assertThat(confinement.spawnHelper()).isTrue();
	}

	/**
	 * The spawn helper is started under the open-files limit, which its scripts inherit,
	 * so that the limit costs no exec of prlimit per run.
	 */
	@Test
	void theOpenFilesLimitIsAppliedOnceToTheSpawnHelperNotToEveryScript() {
		ProcessConfinement confinement = ProcessConfinement.from(null, new ResourceLimits(null, null, null, 1024), ROOT,
				SYSTEM, UNLIMITED);
		assertThat(confinement.spawnHelper()).isTrue();
		assertThat(confinement.wrap(List.of("/srv/cgi-bin/run"), true)).containsExactly("/srv/cgi-bin/run");
		List<String> helper = confinement.asScriptLauncher(List.of("java"));
		assertThat(helper).first().asString().endsWith("/prlimit");
		assertThat(helper).contains("--nofile=1024").contains("--clear-groups").last().isEqualTo("java");
		assertThat(confinement.wrap(List.of("/srv/cgi-bin/run"), false)).contains("--nofile=1024");
	}

	@Test
	void aServerThatIsNotRootSetsNoNewPrivilegesWhereItsLauncherCannot() {
		ProcessConfinement confinement = ProcessConfinement.from(null, ResourceLimits.NONE, SERVICE, SYSTEM, UNLIMITED);
		List<String> wrapped = confinement.wrap(List.of("/srv/cgi-bin/run"), false, false);
		assertThat(wrapped).first().asString().endsWith("/setpriv");
		assertThat(wrapped).containsExactly(wrapped.get(0), "--no-new-privs", "--", "/srv/cgi-bin/run");
		assertThat(confinement.wrap(List.of("/srv/cgi-bin/run"), false, true)).containsExactly("/srv/cgi-bin/run");
	}

	@Test
	void aRootServerSetsNoNewPrivilegesInTheSwitchOfUserOnly() {
		ProcessConfinement confinement = ProcessConfinement.from(null, ResourceLimits.NONE, ROOT, SYSTEM, UNLIMITED);
		List<String> wrapped = confinement.wrap(List.of("/srv/cgi-bin/run"), false, false);
		assertThat(wrapped.stream().filter("--no-new-privs"::equals)).hasSize(1);
	}

	@Test
	void aLauncherThatSwitchesUserItselfGetsOnlyTheLimits() {
		ProcessConfinement confinement = ProcessConfinement.from(null, new ResourceLimits(5L, null, null, null), ROOT,
				SYSTEM, UNLIMITED);
		List<String> wrapped = confinement.wrap(List.of("/srv/cgi-bin/run"), true);
		assertThat(wrapped).first().asString().endsWith("/prlimit");
		assertThat(wrapped).contains("--cpu=5:6").doesNotContain("--clear-groups").endsWith("--", "/srv/cgi-bin/run");
		assertThat(confinement.wrap(List.of("/srv/cgi-bin/run"), false)).contains("--cpu=5:6", "--clear-groups")
			.endsWith("/srv/cgi-bin/run");
	}

	@Test
	void aRunsNamespaceComesAfterTheLimitsAndBeforeTheSwitchOfUser() {
		RunContainment namespace = new RunContainment(RunContainment.Mechanism.PID_NAMESPACE, "test",
				List.of("/usr/bin/unshare", "--pid", "--"), List.of("/usr/bin/unshare", "--user", "--pid", "--"),
				PrivateTmp.SHARED);
		ProcessConfinement confinement = new ProcessConfinement(List.of("/usr/bin/prlimit", "--cpu=5:6", "--"),
				List.of("/usr/bin/setpriv", "--reuid=65534", "--"), true, "nobody", ResourceLimits.NONE, null,
				namespace);
		assertThat(confinement.wrap(List.of("/srv/cgi-bin/run"), false)).containsExactly("/usr/bin/prlimit",
				"--cpu=5:6", "--", "/usr/bin/unshare", "--pid", "--", "/usr/bin/setpriv", "--reuid=65534", "--",
				"/srv/cgi-bin/run");
		// The spawn helper runs as the scripts' user: it needs a user namespace for it.
		assertThat(confinement.wrap(List.of("/srv/cgi-bin/run"), true)).containsExactly("/usr/bin/prlimit",
				"--cpu=5:6", "--", "/usr/bin/unshare", "--user", "--pid", "--", "/srv/cgi-bin/run");
		// The helper itself starts outside any run's namespace.
		assertThat(confinement.asScriptUser(List.of("java"))).containsExactly("/usr/bin/setpriv", "--reuid=65534", "--",
				"java");
	}

	@Test
	void scriptsCannotGainPrivilegesThroughTheSwitchOfUser() {
		assertThat(ProcessConfinement.from(null, ResourceLimits.NONE, ROOT, SYSTEM, UNLIMITED).userSwitch())
			.contains("--no-new-privs");
	}

	@Test
	void noSpawnHelperWhenItCouldNotApplyTheLimits() {
		HardLimits hard = new HardLimits(60, 1L << 30, 1024);
		assertThat(ProcessConfinement.from(null, new ResourceLimits(59L, 1L << 30, null, 1024), ROOT, SYSTEM, hard)
			.spawnHelper()).isTrue();
		assertThat(ProcessConfinement.from(null, new ResourceLimits(60L, null, null, null), ROOT, SYSTEM, hard)
			.spawnHelper()).as("the CPU time's hard limit is a second above").isFalse();
		assertThat(ProcessConfinement.from(null, new ResourceLimits(null, (1L << 30) + 1, null, null), ROOT, SYSTEM,
				hard)
			.spawnHelper()).isFalse();
		assertThat(ProcessConfinement.from(null, new ResourceLimits(null, null, null, 1025), ROOT, SYSTEM, hard)
			.spawnHelper()).isFalse();
		assertThat(ProcessConfinement.from(null, new ResourceLimits(null, null, 64, null), ROOT, SYSTEM, UNLIMITED)
			.spawnHelper()).as("the helper's threads would count as processes").isFalse();
		assertThat(ProcessConfinement.from(null, ResourceLimits.NONE, SERVICE, SYSTEM, UNLIMITED).spawnHelper())
			.as("no switch of user, no helper")
			.isFalse();
	}

	@Test
	void readsTheHardLimitsTheWayProcShowsThem() {
		String text = """
				Limit                     Soft Limit           Hard Limit           Units
				Max cpu time              unlimited            unlimited            seconds
				Max processes             96369                96369                processes
				Max open files            1024                 524288               files
				Max address space         8388608              unlimited            bytes
				""";
		assertThat(HardLimits.parse(text)).isEqualTo(new HardLimits(Long.MAX_VALUE, Long.MAX_VALUE, 524288));
		assertThat(HardLimits.parse("")).isEqualTo(HardLimits.UNKNOWN);
	}

	@Test
	void theCpuLimitWarnsASecondBeforeItKills() {
		ProcessConfinement confinement = ProcessConfinement.from(null, new ResourceLimits(5L, null, null, null),
				SERVICE, SYSTEM, UNLIMITED);
		assertThat(confinement.wrap(List.of(), false)).contains("--cpu=5:6");
		assertThat(confinement.switchedUser()).isNull();
	}

	@Test
	void theServersPathIsSearchedBeforeTheSystemFolders() {
		assertThat(WrapperPrograms.searchPath("/opt/bin::/usr/local/bin")).startsWith(Path.of("/opt/bin"),
				Path.of("/usr/local/bin"), Path.of("/usr/bin"));
	}

}
