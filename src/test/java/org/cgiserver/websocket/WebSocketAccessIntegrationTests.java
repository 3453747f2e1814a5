package org.cgiserver.websocket;

import java.net.http.HttpResponse;
import java.util.Map;

import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access rules, logins and an Origin check apply before a WebSocket handshake: a
 * session that would be refused as a request never starts its script.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class WebSocketAccessIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/ws/who.sh", "echo \"$AUTH_TYPE $REMOTE_USER\"\n");
		site.sh("www/ws/open.sh", "echo open\n");
		site.sh("www/ws/office.sh", "echo office\n");
		site.file("htpasswd", Users.file(Users.ALICE, Users.BOB));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/ws", "websocket=text")
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.realm", "Live")
			.set("cgi.auth.max-failures", "0")
			.set("cgi.auth.rules[0].path", "/ws/who.sh")
			.set("cgi.auth.rules[0].users", "alice")
			.set("cgi.auth.rules[1].path", "/ws/office.sh")
			.set("cgi.auth.rules[1].allow-from", "10.0.0.0/8")
			.set("cgi.auth.rules[2].path", "/**")
			.set("cgi.websocket.allowed-origins", "https://friend.example");
	}

	@LocalServerPort
	int port;

	@Test
	void handshakeWithoutTheLoginIsAskedForOne() {
		HttpResponse<?> response = JdkSocket.refusal(this.port, "/ws/who.sh", Map.of());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Live\", charset=\"UTF-8\"");
		assertThat(JdkSocket.refusal(this.port, "/ws/who.sh",
				Map.of("Authorization", Users.basic("bob", "bob-secret"))).statusCode())
			.as("a user the rule does not name").isEqualTo(403);
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/who.sh",
				Map.of("Authorization", Users.basic("alice", "alice-secret")))) {
			assertThat(socket.rest()).as("the user the rule names").hasSize(1);
		}
	}

	@Test
	void scriptOfALoggedInSessionKnowsItsUser() {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/who.sh",
				Map.of("Authorization", Users.basic("alice", "alice-secret")))) {
			assertThat(socket.rest()).containsExactly("Basic alice");
		}
	}

	@Test
	void handshakeFromOutsideAllowFromIsForbidden() {
		assertThat(JdkSocket.refusal(this.port, "/ws/office.sh", Map.of()).statusCode()).isEqualTo(403);
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/open.sh")) {
			assertThat(socket.rest()).as("a script no rule limits").containsExactly("open");
		}
	}

	@Test
	void pageOfAnotherOriginIsRefusedUnlessAllowed(CapturedOutput output) {
		assertThat(JdkSocket.refusal(this.port, "/ws/open.sh", Map.of("Origin", "https://evil.example")).statusCode())
			.isEqualTo(403);
		assertThat(output).contains("WebSocket handshake for /ws/open.sh refused: origin https://evil.example is not "
				+ "allowed (cgi.websocket.allowed-origins)");
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/open.sh", Map.of("Origin", "https://friend.example"))) {
			assertThat(socket.rest()).containsExactly("open");
		}
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/open.sh",
				Map.of("Origin", "http://127.0.0.1:" + this.port))) {
			assertThat(socket.rest()).as("the server's own pages").containsExactly("open");
		}
	}

}
