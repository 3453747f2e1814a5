package org.cgiserver.security;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cgiserver.support.HostAddress;
import org.cgiserver.support.Pids;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.ScriptEnv;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
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
 * Behind a reverse proxy ({@code server.forward-headers-strategy: native}): the client
 * the trusted proxy reports is the one scripts, {@code allow-from} and the failed-login
 * limit see; forwarded headers from anyone else are ignored.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AuthBehindProxyIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/office/page.txt", "office page");
		site.sh("www/cgi-bin/env.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\n'\nenv\n");
		site.textScript("www/cgi-bin/login.sh", "welcome");
		site.file("htpasswd", Users.file(Users.ALICE));
		site.writableFolder("pids");
		site.script("www/cgi-bin/silent.sh",
				"#!/bin/sh\nsleep 1000 &\necho $! >> \"$PIDS/silent\"\necho $$ >> \"$PIDS/silent\"\nwait\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("server.forward-headers-strategy", "native")
			// Only the proxy on this host is trusted.
			.set("server.tomcat.remoteip.internal-proxies", "127\\.0\\.0\\.1")
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.max-failures", "3")
			.set("cgi.env.PIDS", site.path("pids"))
			.set("cgi.auth.rules[0].path", "/office/**")
			.set("cgi.auth.rules[0].allow-from", "203.0.113.0/24")
			.set("cgi.auth.rules[1].path", "/cgi-bin/login.sh")
			.set("cgi.auth.rules[1].users", "alice");
	}

	@LocalServerPort
	int port;

	@Test
	void scriptsSeeTheClientAndSchemeTheProxyReports() {
		RawHttp.Response response = viaProxy("/cgi-bin/env.sh", "203.0.113.9",
				"X-Forwarded-Proto: https\r\n");
		Map<String, String> env = ScriptEnv.parse(response.body());
		assertThat(env).containsEntry("REMOTE_ADDR", "203.0.113.9")
			.containsEntry("HTTPS", "on")
			.containsEntry("SERVER_PORT", "443")
			.containsEntry("REQUEST_SCHEME", "https");
	}

	@Test
	void allowFromJudgesTheReportedClient() {
		assertThat(viaProxy("/office/page.txt", "203.0.113.9", "").status()).isEqualTo(200);
		assertThat(viaProxy("/office/page.txt", "198.51.100.1", "").status()).isEqualTo(403);
	}

	@Test
	void forwardedHeadersFromAnUntrustedClientAreIgnored() {
		InetAddress network = HostAddress.nonLoopback().orElse(null);
		assumeTrue(network != null, "this host has no address but loopback");
		String headers = "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\n";
		RawHttp.Response env = RawHttp.send(network, this.port, request("/cgi-bin/env.sh", headers));
		assertThat(ScriptEnv.parse(env.body())).containsEntry("REMOTE_ADDR", network.getHostAddress())
			.doesNotContainKey("HTTPS");
		RawHttp.Response office = RawHttp.send(network, this.port, request("/office/page.txt", headers));
		assertThat(office.status()).isEqualTo(403);
	}

	@Test
	void aClientWithTooManyFailedLoginsIsAnsweredTooManyRequests() {
		String guesser = "198.51.100.7";
		for (int i = 0; i < 3; i++) {
			assertThat(viaProxy("/cgi-bin/login.sh", guesser, credentials("alice", "guess" + i)).status())
				.isEqualTo(401);
		}
		RawHttp.Response blocked = viaProxy("/cgi-bin/login.sh", guesser, credentials("alice", "alice-secret"));
		assertThat(blocked.status()).isEqualTo(429);
		assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, 300L);
		assertThat(viaProxy("/cgi-bin/login.sh", "198.51.100.8", credentials("alice", "alice-secret")).status())
			.isEqualTo(200);
		assertThat(viaProxy("/cgi-bin/env.sh", guesser, "").status()).isEqualTo(200);
	}

	@Test
	void aScriptIsStoppedWhenTheProxysConnectionCloses() {
		List<Long> tree;
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			connection.write("GET /cgi-bin/silent.sh HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n");
			tree = Pids.await(site.path("pids/silent"), 2);
		}
		Pids.awaitGone(tree, Duration.ofSeconds(5));
	}

	private RawHttp.Response viaProxy(String target, String client, String headers) {
		return RawHttp.send(this.port, request(target, "X-Forwarded-For: " + client + "\r\n" + headers));
	}

	private static String request(String target, String headers) {
		return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + "\r\n";
	}

	private static String credentials(String user, String password) {
		return "Authorization: " + Users.basic(user, password) + "\r\n";
	}

}
