package org.cgiserver.process;

import java.util.List;

import org.cgiserver.support.Http;
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
 * An explicit {@code cgi.run-as}: as root, scripts run as the named user (not the default
 * {@code nobody}, so that the setting is seen to count); otherwise the server's own
 * user may be named, and scripts run as it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RunAsIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final ServerUser SERVER_USER = ServerUser.current();

	static final String USER = SERVER_USER.root() ? "daemon" : SERVER_USER.name();

	static {
		site.script("www/cgi-bin/id.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\nid -un\n");
		site.script("www/cgi-bin/parent.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\n"
				+ "id -u\nsed -n 's/^Uid:[[:space:]]*\\([0-9]*\\).*/\\1/p' /proc/$PPID/status\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.run-as", () -> USER);
	}

	@LocalServerPort
	int port;

	@Test
	void scriptsRunAsTheConfiguredUser() {
		assertThat(new Http(this.port).get("/cgi-bin/id.sh").body()).isEqualTo(USER + "\n");
	}

	/**
	 * As root on Java 22+, scripts are the children of a spawn helper that runs as their
	 * user, not of the server through an exec of {@code setpriv} each.
	 */
	@Test
	void asRootScriptsAreStartedByASpawnHelperOfTheirOwnUser() {
		assumeTrue(SERVER_USER.root() && Runtime.version().feature() >= 22,
				"the spawn helper serves a server running as root on Java 22+");
		List<String> uids = new Http(this.port).get("/cgi-bin/parent.sh").body().lines().toList();
		assertThat(uids).hasSize(2).doesNotContain("0");
		assertThat(uids.get(1)).as("the parent's uid").isEqualTo(uids.get(0));
	}

}
