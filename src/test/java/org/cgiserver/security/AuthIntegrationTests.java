package org.cgiserver.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.awaitility.Awaitility;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.ScriptEnv;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access rules and Basic logins over static files, scripts and the actuator, with a
 * users file as htpasswd writes it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class AuthIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/index.html", "public page");
		site.file("www/private/report.txt", "for alice only");
		site.file("www/local/page.txt", "for the office network");
		site.sh("www/cgi-bin/env.sh", "printf 'Content-Type: text/plain\\r\\nCache-Control: max-age=77\\r\\n\\r\\n'\nenv\n");
		site.sh("www/cgi-bin/open.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\n'\nenv\n");
		site.sh("www/cgi-bin/post.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\nuser=%s' \"$REMOTE_USER\"\n");
		site.sh("www/cgi-bin/to-private.sh", "printf 'Location: /private/report.txt\\n\\n'\n");
		site.file("htpasswd", Users.file(Users.ALICE, Users.BOB, "# a comment", "mallory:plain-text-password",
				Users.CAROL, Users.DAVE));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.realm", "Team files")
			// Every test logs in from 127.0.0.1: blocking is tested behind a proxy.
			.set("cgi.auth.max-failures", "0")
			.set("cgi.auth.rules[0].path", "/cgi-bin/open.sh")
			.set("cgi.auth.rules[1].path", "/private/**")
			.set("cgi.auth.rules[1].users", "alice")
			.set("cgi.auth.rules[2].path", "/cgi-bin/env.sh")
			.set("cgi.auth.rules[2].users", "*")
			.set("cgi.auth.rules[3].path", "/local/**")
			.set("cgi.auth.rules[3].allow-from", "10.0.0.0/8")
			.set("cgi.auth.rules[4].path", "/cgi-bin/post.sh")
			.set("cgi.auth.rules[4].methods", "POST")
			.set("cgi.auth.rules[4].users", "alice,bob")
			.set("cgi.auth.rules[5].path", "/actuator/health/**")
			.set("cgi.auth.rules[6].path", "/actuator/**")
			.set("cgi.auth.rules[6].users", "dave")
			.set("cgi.auth.rules[7].path", "/cgi-status/**")
			.set("cgi.auth.rules[7].users", "carol");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void aPathThatNeedsALoginAsksForOneWithTheRealm() {
		HttpResponse<String> response = http().get("/private/report.txt");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().allValues("WWW-Authenticate"))
			.containsExactly("Basic realm=\"Team files\", charset=\"UTF-8\"");
		assertThat(response.body()).doesNotContain("for alice only");
	}

	@Test
	void theNamedUserGetsTheFile() {
		HttpResponse<String> response = get("/private/report.txt", "alice", "alice-secret");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("for alice only");
	}

	@Test
	void aWrongPasswordOrAnUnknownUserIsAskedAgain() {
		assertThat(get("/private/report.txt", "alice", "wrong").statusCode()).isEqualTo(401);
		assertThat(get("/private/report.txt", "nobody-here", "alice-secret").statusCode()).isEqualTo(401);
	}

	@Test
	void aValidUserWhomTheRuleDoesNotNameIsForbidden() {
		HttpResponse<String> response = get("/private/report.txt", "bob", "bob-secret");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
	}

	@Test
	void everyHashKindOfTheFileLogsIn() {
		assertThat(get("/cgi-bin/env.sh", "alice", "alice-secret").statusCode()).isEqualTo(200);
		assertThat(get("/cgi-bin/env.sh", "bob", "bob-secret").statusCode()).isEqualTo(200);
		assertThat(get("/cgi-bin/env.sh", "carol", "carol-secret").statusCode()).isEqualTo(200);
		assertThat(get("/cgi-bin/env.sh", "dave", "dave-secret").statusCode()).isEqualTo(200);
	}

	@Test
	void aPlainTextLineIsRefusedAndLoggedWithItsNumber(CapturedOutput output) {
		assertThat(get("/cgi-bin/env.sh", "mallory", "plain-text-password").statusCode()).isEqualTo(401);
		assertThat(output.getAll()).contains("line 4 skipped").doesNotContain("plain-text-password");
	}

	@Test
	void scriptsLearnTheUserButNotTheCredentials() {
		HttpResponse<String> response = get("/cgi-bin/env.sh", "bob", "bob-secret");
		Map<String, String> env = ScriptEnv.parse(response.body());
		assertThat(env).containsEntry("REMOTE_USER", "bob").containsEntry("AUTH_TYPE", "Basic");
		assertThat(env).doesNotContainKey("HTTP_AUTHORIZATION");
	}

	@Test
	void aPublicScriptHasNoUserEvenWhenTheClientSendsOne() {
		HttpResponse<String> response = get("/cgi-bin/open.sh", "alice", "wrong");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, String> env = ScriptEnv.parse(response.body());
		assertThat(env).doesNotContainKeys("REMOTE_USER", "AUTH_TYPE", "HTTP_AUTHORIZATION");
	}

	@Test
	void aRuleWithMethodsCoversOnlyThem() {
		assertThat(http().get("/cgi-bin/post.sh").statusCode()).isEqualTo(200);
		assertThat(http().post("/cgi-bin/post.sh", "x").statusCode()).isEqualTo(401);
		HttpResponse<String> post = http().send(http().request("/cgi-bin/post.sh")
			.header("Authorization", Users.basic("alice", "alice-secret"))
			.POST(HttpRequest.BodyPublishers.ofString("x"))
			.build());
		assertThat(post.statusCode()).isEqualTo(200);
		assertThat(post.body()).isEqualTo("user=alice");
	}

	@Test
	void anAddressOutsideAllowFromIsForbiddenWithoutAChallenge() {
		HttpResponse<String> response = http().get("/local/page.txt");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
		assertThat(response.body()).doesNotContain("office network");
	}

	@Test
	void aLocalRedirectIntoAPrivatePathNeedsTheLoginToo() {
		assertThat(http().get("/cgi-bin/to-private.sh").statusCode()).isEqualTo(401);
		HttpResponse<String> response = get("/cgi-bin/to-private.sh", "alice", "alice-secret");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("for alice only");
	}

	@Test
	void theActuatorFollowsTheRulesLikeAnyPath() {
		assertThat(management().get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(management().get("/actuator/cgi").statusCode()).isEqualTo(401);
		assertThat(get(management(), "/actuator/cgi", "alice", "alice-secret").statusCode()).isEqualTo(403);
		assertThat(get(management(), "/actuator/cgi", "dave", "dave-secret").statusCode()).isEqualTo(200);
	}

	@Test
	void theStatusPageFollowsTheRulesLikeAnyPath() {
		assertThat(management().get("/cgi-status").statusCode()).as("even from loopback").isEqualTo(401);
		assertThat(management().get("/cgi-status/data").statusCode()).isEqualTo(401);
		assertThat(get(management(), "/cgi-status", "dave", "dave-secret").statusCode()).isEqualTo(403);
		assertThat(get(management(), "/cgi-status/data", "carol", "carol-secret").statusCode()).isEqualTo(200);
	}

	@Test
	void failedLoginsAreLoggedCountedAndShownWithoutThePassword(CapturedOutput output) {
		double before = metricAsDave();
		assertThat(get("/private/report.txt", "alice", "guess-one").statusCode()).isEqualTo(401);
		assertThat(output.getAll()).contains("Failed login for user 'alice' from 127.0.0.1 to '/private/report.txt'")
			.doesNotContain("guess-one");
		assertThat(metricAsDave()).isGreaterThanOrEqualTo(before + 1);
		HttpResponse<String> cgi = get(management(), "/actuator/cgi", "dave", "dave-secret");
		assertThat(cgi.body()).contains("\"auth\":{\"failures\":");
	}

	@Test
	void springSecurityAddsNoCookieNoSessionAndNoHeaders() {
		HttpResponse<String> response = get("/cgi-bin/env.sh", "alice", "alice-secret");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("Cache-Control")).containsExactly("max-age=77");
		assertThat(response.headers().map().keySet()).noneMatch((name) -> name.equalsIgnoreCase("Set-Cookie")
				|| name.equalsIgnoreCase("X-Frame-Options") || name.equalsIgnoreCase("X-Content-Type-Options")
				|| name.equalsIgnoreCase("Pragma") || name.equalsIgnoreCase("Expires")
				|| name.equalsIgnoreCase("X-XSS-Protection"));
	}

	@Test
	void privateStaticFilesKeepTheirCaching() {
		HttpResponse<String> first = get("/private/report.txt", "alice", "alice-secret");
		String etag = first.headers().firstValue("ETag").orElseThrow();
		assertThat(first.headers().firstValue("Last-Modified")).isPresent();
		assertThat(first.headers().firstValue("Cache-Control")).isEmpty();
		HttpResponse<String> again = http().send(http().request("/private/report.txt")
			.header("Authorization", Users.basic("alice", "alice-secret"))
			.header("If-None-Match", etag)
			.build());
		assertThat(again.statusCode()).isEqualTo(304);
	}

	@Test
	void theUsersFileIsReadAgainWhenItChanges() throws Exception {
		assertThat(get("/cgi-bin/env.sh", "erin", "erin-secret").statusCode()).isEqualTo(401);
		Path file = site.path("htpasswd");
		String before = Files.readString(file);
		Path replacement = site.file("htpasswd.new", before + Users.ERIN + "\nbroken line without colon\n");
		Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		try {
			Awaitility.await()
				.untilAsserted(() -> assertThat(get("/cgi-bin/env.sh", "erin", "erin-secret").statusCode())
					.isEqualTo(200));
			assertThat(get("/cgi-bin/env.sh", "alice", "alice-secret").statusCode()).isEqualTo(200);
		}
		finally {
			Files.move(site.file("htpasswd.old", before), file, StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
		}
		Awaitility.await()
			.untilAsserted(() -> assertThat(get("/cgi-bin/env.sh", "erin", "erin-secret").statusCode())
				.isEqualTo(401));
	}

	@Test
	void publicPathsAreServedAsBefore() {
		HttpResponse<String> response = http().get("/index.html");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("public page");
	}

	private double metricAsDave() {
		HttpResponse<String> response = get(management(), "/actuator/prometheus", "dave", "dave-secret");
		for (String line : response.body().split("\n")) {
			if (line.startsWith("cgi_auth_failures_total")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		throw new AssertionError("cgi_auth_failures_total not exported");
	}

	private HttpResponse<String> get(String path, String user, String password) {
		return get(http(), path, user, password);
	}

	private static HttpResponse<String> get(Http http, String path, String user, String password) {
		return http.send(http.request(path).header("Authorization", Users.basic(user, password)).build());
	}

	private Http http() {
		return new Http(this.port);
	}

	/** The port of the actuator and the status page. */
	private Http management() {
		return new Http(this.managementPort);
	}

}
