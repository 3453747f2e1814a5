package org.cgiserver.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.cgiserver.CgiServerApplication;
import org.cgiserver.process.ServerUser;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server started as root checks that the scripts' user can reach every prefix: a
 * private folder on the way stops the start with the folder and the ways out named.
 * Only a root server switches users, so only as root is there anything to check.
 */
@ExtendWith(OutputCaptureExtension.class)
class RunAsReachStartupTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@Test
	void aPrivateFolderAboveThePrefixStopsTheStart(CapturedOutput output) throws Exception {
		assumeTrue(ServerUser.current().root(), "only a root server runs scripts as another user");
		Path home = site.folder("home");
		site.textScript("home/site/cgi-bin/hello.sh", "hello");
		Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
		assertThatException().isThrownBy(() -> start(home.resolve("site")));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The property 'cgi.run-as' has the value 'nobody'")
			.contains("scripts run as 'nobody', who cannot reach /cgi-bin")
			.contains("'" + home + "' does not grant it search (x) permission")
			.contains("Run the server as a regular user")
			.contains("chmod o+x '" + home + "'");
	}

	@Test
	void anOpenSiteStarts() throws Exception {
		site.textScript("open/cgi-bin/hello.sh", "hello");
		try (ConfigurableApplicationContext context = start(site.path("open"))) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(Path documentRoot) {
		return new SpringApplicationBuilder(CgiServerApplication.class).run("--server.port=0",
				"--management.server.port=", "--cgi.document-root=" + documentRoot);
	}

}
