package org.cgiserver.tls;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.cgiserver.support.FreePort;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.TestTls;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain HTTP on {@code cgi.tls.http-port} beside HTTPS: every request is sent to HTTPS
 * (308, the same URL) before any login is asked for, except ACME challenges; HTTPS
 * answers carry HSTS unless a script sent its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PlainHttpBesideHttpsIntegrationTests {

	static final int HTTP_PORT = FreePort.next();

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.textScript("www/cgi-bin/hello.sh", "hello");
		site.sh("www/cgi-bin/own-hsts.sh",
				"printf 'Content-Type: text/plain\\r\\nStrict-Transport-Security: max-age=60\\r\\n\\r\\nown'\n");
		site.file("www/.well-known/acme-challenge/webroot-token", "webroot-token.key-authorization");
		site.file("www/private/index.html", "private");
		site.file("www/private/secret.txt", "the secret");
		site.file("www/.well-known/acme-challenge/locked-token", "locked-token.key-authorization");
		site.symlink("www/.well-known/acme-challenge/linked-token", java.nio.file.Path.of("../../private/secret.txt"));
		site.sh("www/cgi-bin/public.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\nthe script ran'\n");
		site.file("htpasswd", Users.file(Users.ALICE));
		site.folder("tls");
		TestTls.selfSigned("cgiserver", site.path("tls/cert.pem"), site.path("tls/key.pem"), "IP:127.0.0.1");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("server.ssl.bundle", "web")
			.set("spring.ssl.bundle.pem.web.keystore.certificate", "file:" + site.path("tls/cert.pem"))
			.set("spring.ssl.bundle.pem.web.keystore.private-key", "file:" + site.path("tls/key.pem"))
			.set("cgi.tls.http-port", HTTP_PORT)
			.set("cgi.tls.redirect-port", 443)
			.set("cgi.connections.header-timeout", "2s")
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.rules[0].path", "/private/**")
			.set("cgi.auth.rules[0].users", "alice")
			.set("cgi.auth.rules[1].path", "/.well-known/acme-challenge/locked-token")
			.set("cgi.auth.rules[1].users", "alice")
			.set("cgi.auth.max-failures", 2);
	}

	@LocalServerPort
	int port;

	@Test
	void plainRequestsAreSentToTheSameUrlOnHttps() {
		RawHttp.Response response = RawHttp.send(HTTP_PORT,
				"GET /cgi-bin/hello.sh/x%20y?a=1&b=%2F HTTP/1.1\r\nHost: git.example.org\r\nConnection: close\r\n\r\n");
		assertThat(response.status()).isEqualTo(308);
		assertThat(response.header("Location")).as("the port clients reach HTTPS on, omitted for 443")
			.isEqualTo("https://git.example.org/cgi-bin/hello.sh/x%20y?a=1&b=%2F");
		RawHttp.Response post = RawHttp.send(HTTP_PORT,
				"POST /cgi-bin/hello.sh HTTP/1.1\r\nHost: 127.0.0.1:" + HTTP_PORT
						+ "\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
		assertThat(post.status()).as("308 keeps the method and body").isEqualTo(308);
		assertThat(post.header("Location")).isEqualTo("https://127.0.0.1/cgi-bin/hello.sh");
	}

	@Test
	void aTrickledHeaderOnThePlainPortIsCutOffAsOnTheMainPort() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", HTTP_PORT)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: example.org\r\n".getBytes(StandardCharsets.US_ASCII));
			long start = System.nanoTime();
			assertThat(socket.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
		}
	}

	@Test
	void credentialsAreNeverAskedForOverPlainHttp() {
		RawHttp.Response response = RawHttp.get(HTTP_PORT, "/private/");
		assertThat(response.status()).isEqualTo(308);
		assertThat(response.header("WWW-Authenticate")).isNull();
	}

	/**
	 * The paths the container cleans into another file or script: answered with that
	 * path on HTTPS, whatever credentials came with them.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/acme-challenge/..;/..;/private/secret.txt",
			"/.well-known/acme-challenge/..;x/..;x/private/secret.txt",
			"/.well-known/acme-challenge/../../private/secret.txt",
			"/.well-known/acme-challenge/%2e%2e/%2E%2E/private/secret.txt",
			"/.well-known/acme-challenge/.%2e/%2e./private/secret.txt",
			"/.well-known/acme-challenge//..//..//private/secret.txt",
			"/.well-known/acme-challenge/;x/../../private/secret.txt",
			"/.well-known/acme-challenge/x/../../../private/./secret.txt",
			"/.well-known/acme-challenge/../../private/secret.txt;x",
			"http://localhost/.well-known/acme-challenge/../../private/secret.txt" })
	void aChallengePathThatTheContainerCleansIntoAnotherFileIsSentToHttps(String target) {
		RawHttp.Response response = plain("GET", target, Users.basic("alice", "alice-secret"));
		assertThat(response.status()).isEqualTo(308);
		assertThat(response.header("Location")).isEqualTo("https://localhost/private/secret.txt");
		assertThat(response.header("WWW-Authenticate")).isNull();
		assertThat(response.body()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/acme-challenge/../../cgi-bin/public.sh",
			"/.well-known/acme-challenge/..;/..;/cgi-bin/public.sh",
			"/.well-known/acme-challenge/%2e%2e/%2e%2e/cgi-bin/public.sh?x=1" })
	void noScriptRunsOverPlainHttp(String target) {
		RawHttp.Response response = plain("GET", target, null);
		assertThat(response.status()).isEqualTo(308);
		assertThat(response.header("Location")).startsWith("https://localhost/cgi-bin/public.sh");
		assertThat(response.body()).doesNotContain("ran");
	}

	@Test
	void credentialsSentOverPlainHttpAreNeverCheckedNorCountedAsFailures() throws Exception {
		for (int i = 0; i < 4; i++) {
			RawHttp.Response response = plain("GET", "/.well-known/acme-challenge/..;/..;/private/secret.txt",
					Users.basic("alice", "wrong"));
			assertThat(response.status()).isEqualTo(308);
			assertThat(response.header("WWW-Authenticate")).isNull();
		}
		RawHttp.Response refused = plain("GET", "/.well-known/acme-challenge/..%2F..%2Fprivate/secret.txt",
				Users.basic("alice", "wrong"));
		assertThat(refused.status()).as("an encoded slash has no clean path").isEqualTo(400);
		assertThat(refused.body()).doesNotContain("the secret");
		RawHttp.Response challenge = plain("GET", "/.well-known/acme-challenge/webroot-token",
				Users.basic("alice", "wrong"));
		assertThat(challenge.status()).isEqualTo(200);
		assertThat(challenge.body()).isEqualTo("webroot-token.key-authorization");
		HttpResponse<String> overHttps = TestTls.trustingClient()
			.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.port + "/private/secret.txt"))
				.header("Authorization", Users.basic("alice", "alice-secret"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(overHttps.statusCode()).as("no failed login was counted against the address").isEqualTo(200);
		assertThat(overHttps.body()).isEqualTo("the secret");
	}

	@Test
	void aChallengeFileThatARuleProtectsIsSentToHttpsWhereTheLoginIsAsked() {
		for (String authorization : new String[] { null, Users.basic("alice", "alice-secret"),
				Users.basic("alice", "wrong") }) {
			RawHttp.Response response = plain("GET", "/.well-known/acme-challenge/locked-token", authorization);
			assertThat(response.status()).isEqualTo(308);
			assertThat(response.header("Location"))
				.isEqualTo("https://localhost/.well-known/acme-challenge/locked-token");
			assertThat(response.header("WWW-Authenticate")).isNull();
			assertThat(response.body()).doesNotContain("key-authorization");
		}
	}

	@Test
	void aChallengeThatLinksToAProtectedFileIsSentToHttpsWhereTheLoginIsAsked() {
		RawHttp.Response response = plain("GET", "/.well-known/acme-challenge/linked-token", null);
		assertThat(response.status()).isEqualTo(308);
		assertThat(response.header("WWW-Authenticate")).isNull();
		assertThat(response.body()).doesNotContain("the secret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PUT", "get", "DELETE" })
	void aChallengeIsOnlyFetched(String method) {
		RawHttp.Response response = plain(method, "/.well-known/acme-challenge/webroot-token", null);
		assertThat(response.status()).isEqualTo(308);
		assertThat(response.body()).doesNotContain("key-authorization");
	}

	@Test
	void acmeChallengesAreAnsweredOverPlainHttpFromTheDocumentRoot() {
		RawHttp.Response response = RawHttp.get(HTTP_PORT, "/.well-known/acme-challenge/webroot-token");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("webroot-token.key-authorization");
		assertThat(RawHttp.get(HTTP_PORT, "/.well-known/acme-challenge/unknown").status()).isEqualTo(404);
	}

	@Test
	void httpsAnswersCarryHstsUnlessTheScriptSentItsOwn() throws Exception {
		HttpResponse<String> hello = TestTls.trustingClient().send(request("/cgi-bin/hello.sh"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(hello.body()).isEqualTo("hello");
		assertThat(hello.headers().allValues("Strict-Transport-Security")).containsExactly("max-age=31536000");
		HttpResponse<String> own = TestTls.trustingClient().send(request("/cgi-bin/own-hsts.sh"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(own.headers().allValues("Strict-Transport-Security")).containsExactly("max-age=60");
		HttpResponse<String> missing = TestTls.trustingClient().send(request("/missing.html"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().allValues("Strict-Transport-Security")).isEqualTo(List.of("max-age=31536000"));
	}

	private static RawHttp.Response plain(String method, String target, String authorization) {
		return RawHttp.send(HTTP_PORT, method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
				+ ((authorization != null) ? "Authorization: " + authorization + "\r\n" : "")
				+ "Content-Length: 0\r\nConnection: close\r\n\r\n");
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.port + path)).build();
	}

}
