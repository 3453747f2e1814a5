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
			.set("cgi.auth.rules[0].users", "alice");
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

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.port + path)).build();
	}

}
