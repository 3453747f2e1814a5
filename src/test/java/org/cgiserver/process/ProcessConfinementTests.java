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

	private static final ProcessConfinement.ServerUser ROOT = new ProcessConfinement.ServerUser("root", true);

	private static final ProcessConfinement.ServerUser SERVICE = new ProcessConfinement.ServerUser("service", false);

	private static final List<Path> SYSTEM = ProcessConfinement.programSearchPath(null);

	private static final List<Path> NOWHERE = List.of(Path.of("/nonexistent/cgiserver-bin"));

	@Test
	void aRootServerWithoutSetprivCannotStart() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> ProcessConfinement.from(null, ResourceLimits.NONE, ROOT, NOWHERE))
			.withMessage("Invalid value 'nobody' for cgi.run-as: the server runs as root, and dropping to another "
					+ "user needs util-linux 'setpriv' on PATH");
	}

	@Test
	void limitsWithoutPrlimitCannotStart() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> ProcessConfinement.from(null, new ResourceLimits(null, null, null, 64), SERVICE, NOWHERE))
			.withMessage("Invalid value '--nofile=64' for cgi.limits: resource limits need util-linux 'prlimit' on PATH");
	}

	@Test
	void aRootServerDropsToTheScriptUserWithoutGroups() {
		ProcessConfinement confinement = ProcessConfinement.from(null, ResourceLimits.NONE, ROOT, SYSTEM);
		assertThat(confinement.user()).isEqualTo("nobody");
		assertThat(confinement.prefix()).first().asString().endsWith("/setpriv");
		assertThat(confinement.prefix()).contains("--clear-groups").last().isEqualTo("--");
		assertThat(confinement.switchedUser()).isNotNull();
	}

	@Test
	void theCpuLimitWarnsASecondBeforeItKills() {
		ProcessConfinement confinement = ProcessConfinement.from(null, new ResourceLimits(5L, null, null, null),
				SERVICE, SYSTEM);
		assertThat(confinement.prefix()).contains("--cpu=5:6");
		assertThat(confinement.switchedUser()).isNull();
	}

	@Test
	void theServersPathIsSearchedBeforeTheSystemFolders() {
		assertThat(ProcessConfinement.programSearchPath("/opt/bin::/usr/local/bin")).startsWith(Path.of("/opt/bin"),
				Path.of("/usr/local/bin"), Path.of("/usr/bin"));
	}

}
