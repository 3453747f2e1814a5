package org.cgiserver.websocket;

import org.cgiserver.process.ProcessConfinement;
import org.cgiserver.process.ServerUser;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.BeforeAll;
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
 * A WebSocket prefix's own user ({@code cgi.prefixes[N].run-as}) holds for its sessions'
 * scripts as for its CGI runs: a session must not run as the server-wide user. Only a
 * root server switches users, so this runs as root only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebSocketRunAsIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/ws/whoami.sh", "id -un\n");
	}

	@BeforeAll
	static void onlyAsRoot() {
		assumeTrue(ServerUser.current().root(), "only a root server runs scripts as other users");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).prefix("/ws", "websocket=text", "run-as=daemon");
	}

	@LocalServerPort
	int port;

	@Test
	void aSessionsScriptRunsAsItsPrefixsUser() {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/whoami.sh")) {
			assertThat(socket.rest()).containsExactly("daemon");
		}
	}

}
