package org.cgiserver.tls;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.cgiserver.support.ScriptEnv;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS from certificate files with Spring Boot's SSL bundles, as certbot or any other
 * tool writes them: scripts learn the request was secure, and renewed files are served
 * without a restart while requests in flight finish.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HttpsIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/cgi-bin/env.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\n'\nenv\n");
		site.sh("www/cgi-bin/slow.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\nfirst\\n'\nsleep 2\nprintf 'last\\n'\n");
		site.folder("tls");
		certificate("first", site.path("tls/fullchain.pem"), site.path("tls/privkey.pem"));
		certificate("second", site.path("tls/next-fullchain.pem"), site.path("tls/next-privkey.pem"));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("server.ssl.bundle", "web")
			.set("spring.ssl.bundle.pem.web.keystore.certificate", "file:" + site.path("tls/fullchain.pem"))
			.set("spring.ssl.bundle.pem.web.keystore.private-key", "file:" + site.path("tls/privkey.pem"))
			.set("spring.ssl.bundle.pem.web.reload-on-update", "true")
			.set("spring.ssl.bundle.watch.file.quiet-period", "200ms");
	}

	@LocalServerPort
	int port;

	@Test
	void scriptsLearnTheRequestWasSecure() throws Exception {
		HttpResponse<String> response = client().send(request("/cgi-bin/env.sh"), HttpResponse.BodyHandlers.ofString());
		Map<String, String> env = ScriptEnv.parse(response.body());
		assertThat(env).containsEntry("HTTPS", "on")
			.containsEntry("REQUEST_SCHEME", "https")
			.containsEntry("SERVER_PORT", Integer.toString(this.port));
	}

	@Test
	void renewedCertificateFilesAreServedWithoutARestartWhileRequestsInFlightFinish() throws Exception {
		assertThat(servedName()).isEqualTo("CN=first");
		HttpClient slowClient = client();
		CompletableFuture<HttpResponse<String>> inFlight = slowClient.sendAsync(request("/cgi-bin/slow.sh"),
				HttpResponse.BodyHandlers.ofString());
		// As certbot renews: new files renamed over the old ones.
		Files.move(site.path("tls/next-fullchain.pem"), site.path("tls/fullchain.pem"),
				StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		Files.move(site.path("tls/next-privkey.pem"), site.path("tls/privkey.pem"), StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "CN=second".equals(servedName()));
		HttpResponse<String> slow = inFlight.get(30, TimeUnit.SECONDS);
		assertThat(slow.statusCode()).isEqualTo(200);
		assertThat(slow.body()).isEqualTo("first\nlast\n");
	}

	private String servedName() throws Exception {
		HttpResponse<Void> response = client().send(request("/cgi-bin/env.sh"), HttpResponse.BodyHandlers.discarding());
		X509Certificate certificate = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
		return certificate.getSubjectX500Principal().getName();
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.port + path)).build();
	}

	private static HttpClient client() {
		return TestTls.trustingClient();
	}

	private static void certificate(String name, Path certificate, Path key) {
		TestTls.selfSigned(name, certificate, key, "IP:127.0.0.1");
	}

}
