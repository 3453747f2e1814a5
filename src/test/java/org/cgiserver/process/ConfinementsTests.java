package org.cgiserver.process;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A prefix's own user and isolation: decided at start, shared by prefixes that name the
 * same, and refused with the prefix's property when they cannot be carried out.
 */
class ConfinementsTests {

	private static final ServerUser ROOT = new ServerUser("root", true);

	private static final ServerUser SERVICE = new ServerUser("service", false);

	@Test
	void aPrefixThatNamesNothingSharesTheServerWideConfinement() {
		CgiProperties properties = properties("/cgi-bin", null);
		Confinements confinements = decide(properties, ROOT);
		assertThat(confinements.ofPrefix(0)).isEqualTo(RunPolicy.DEFAULT);
		assertThat(confinements.of(confinements.ofPrefix(0))).isSameAs(confinements.serverWide());
		assertThat(confinements.all()).hasSize(1);
	}

	@Test
	void aPrefixRunsAsItsOwnUserUnderARootServer() {
		CgiProperties properties = properties("/cgi-bin", null);
		addPrefix(properties, "/gitweb", "daemon");
		addPrefix(properties, "/git", "daemon");
		Confinements confinements = decide(properties, ROOT);
		assertThat(confinements.serverWide().user()).isEqualTo("nobody");
		assertThat(confinements.of(confinements.ofPrefix(1)).user()).isEqualTo("daemon");
		assertThat(confinements.of(confinements.ofPrefix(2))).isSameAs(confinements.of(confinements.ofPrefix(1)));
		assertThat(confinements.all()).hasSize(2);
	}

	@Test
	void aPrefixCannotRunAsRoot() {
		CgiProperties properties = properties("/cgi-bin", null);
		addPrefix(properties, "/admin", "root");
		assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> decide(properties, ROOT))
			.withMessage("Invalid value 'root' for cgi.prefixes[1].run-as: scripts must never run as root");
	}

	@Test
	void aPrefixCannotNameAnotherUserWhenTheServerIsNotRoot() {
		CgiProperties properties = properties("/cgi-bin", "nobody");
		assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> decide(properties, SERVICE))
			.withMessageStartingWith("Invalid value 'nobody' for cgi.prefixes[0].run-as: the server runs as 'service'");
	}

	@Test
	void aPrefixOfAnUnknownUserCannotStart() {
		CgiProperties properties = properties("/cgi-bin", "no-such-user-of-cgiserver");
		assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> decide(properties, ROOT))
			.withMessage("Invalid value 'no-such-user-of-cgiserver' for cgi.prefixes[0].run-as: there is no such user");
	}

	@Test
	void aPrefixNamesItsOwnWayOfKeepingRunsTogether() {
		CgiProperties properties = properties("/cgi-bin", null);
		addPrefix(properties, "/php", null).getIsolation().setProcesses(CgiProperties.Isolation.Processes.SWEEP);
		Confinements confinements = decide(properties, SERVICE);
		assertThat(confinements.ofPrefix(1)).isEqualTo(new RunPolicy(null, RunContainment.Mode.SWEEP));
		assertThat(confinements.of(confinements.ofPrefix(1)).containment().reason())
			.isEqualTo("cgi.prefixes[1].isolation.processes is sweep");
		assertThat(confinements.serverWide().containment().reason()).isEqualTo("cgi.isolation.processes is sweep");
	}

	private static Confinements decide(CgiProperties properties, ServerUser serverUser) {
		return Confinements.from(properties, ResourceLimits.NONE, (runAs, runAsProperty, limits, mode,
				modeProperty) -> ProcessConfinement.from(runAs, runAsProperty, limits, mode, modeProperty, serverUser));
	}

	private static CgiProperties properties(String path, String runAs) {
		CgiProperties properties = new CgiProperties();
		properties.getPrefixes().clear();
		addPrefix(properties, path, runAs);
		return properties;
	}

	private static CgiProperties.Prefix addPrefix(CgiProperties properties, String path, String runAs) {
		CgiProperties.Prefix prefix = new CgiProperties.Prefix();
		prefix.setPath(path);
		prefix.setRunAs(runAs);
		properties.getPrefixes().add(prefix);
		return prefix;
	}

}
