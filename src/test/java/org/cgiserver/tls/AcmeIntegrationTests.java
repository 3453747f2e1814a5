package org.cgiserver.tls;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.cgiserver.CgiServerApplication;
import org.cgiserver.support.FreePort;
import org.cgiserver.support.Pebble;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TcpGate;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.shredzone.acme4j.util.CSRBuilder;
import org.shredzone.acme4j.util.CertificateUtils;
import org.shredzone.acme4j.util.KeyPairUtils;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Automatic certificates end to end, against Let's Encrypt's test CA (Pebble): the server
 * starts at once with a temporary certificate, swaps in the CA's without a restart,
 * reuses it after a restart without ordering anything, and renews one in its last third
 * while serving it. The CA's validation requests pass a gate, so that the test sees what
 * is served before and after.
 */
@ExtendWith(OutputCaptureExtension.class)
class AcmeIntegrationTests {

	private static final String DOMAIN = "acme.cgiserver.test";

	private static final Duration WAIT = Duration.ofSeconds(60);

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.textScript("www/cgi-bin/hello.sh", "hello");
	}

	@Test
	void certificatesAreObtainedSwappedInKeptAndRenewed() throws Exception {
		assumeTrue(Pebble.installed(), "needs Debian's pebble package (.ci/run installs it)");
		int validationPort = FreePort.next();
		int httpPort = FreePort.next();
		Path storage = site.root().resolve("acme");
		try (TcpGate gate = new TcpGate(validationPort);
				Pebble pebble = new Pebble(site.folder("pebble"), validationPort)) {
			gate.forwardTo(httpPort);
			X509Certificate issued;
			try (ConfigurableApplicationContext app = start(pebble, httpPort, storage)) {
				int port = port(app);
				X509Certificate temporary = served(port);
				assertThat(temporary.getIssuerX500Principal().getName()).contains("cgiserver temporary certificate");
				assertThat(temporary.getSubjectAlternativeNames()).containsExactly(List.of(2, DOMAIN));
				assertThat(tlsHealth(port)).contains("\"status\":\"UP\"").contains("\"temporary\":true");

				gate.open();
				Awaitility.await().atMost(WAIT).until(() -> !served(port).equals(temporary));
				List<X509Certificate> chain = TestTls.servedChain(port, DOMAIN);
				assertThat(chain.get(0).getSubjectAlternativeNames()).containsExactly(List.of(2, DOMAIN));
				assertIssuedBy(chain, pebble.root());
				issued = chain.get(0);

				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage))).isEqualTo("rwx------");
				for (String key : List.of("account-key.pem", "certificate-key.pem")) {
					assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storage.resolve(key))))
						.as(key)
						.isEqualTo("rw-------");
				}
				assertThat(tlsHealth(port)).contains("\"status\":\"UP\"").contains("\"temporary\":false");
				Matcher expiry = Pattern.compile("cgi_tls_certificate_expiry_seconds\\{domain=\"" + Pattern.quote(DOMAIN)
						+ "\",?\\} (\\S+)")
					.matcher(get(port, "/actuator/prometheus"));
				assertThat(expiry.find()).isTrue();
				assertThat(Double.parseDouble(expiry.group(1))).as("seconds left")
					.isCloseTo(Duration.between(Instant.now(), issued.getNotAfter().toInstant()).toSeconds(),
							org.assertj.core.data.Offset.offset(120.0));

				HttpResponse<String> hello = TestTls.trustingClient()
					.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/cgi-bin/hello.sh")).build(),
							HttpResponse.BodyHandlers.ofString());
				assertThat(hello.body()).isEqualTo("hello");
				assertThat(hello.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000");
				RawHttp.Response plain = RawHttp.get(httpPort, "/cgi-bin/hello.sh");
				assertThat(plain.status()).isEqualTo(308);
				assertThat(plain.header("Location")).as("a name of the certificate, not the forged Host")
					.isEqualTo("https://" + DOMAIN + ":" + port + "/cgi-bin/hello.sh");
			}

			gate.shut();
			int validations = gate.connections();
			try (ConfigurableApplicationContext app = start(pebble, httpPort, storage)) {
				int port = port(app);
				assertThat(served(port)).as("the stored certificate, from the first handshake").isEqualTo(issued);
				Awaitility.await().atMost(WAIT).until(() -> tlsHealth(port).contains("nextAttempt"));
				assertThat(gate.connections()).as("nothing was ordered").isEqualTo(validations);
				assertThat(served(port)).isEqualTo(issued);
			}

			X509Certificate ageing = storeCertificate(storage, pebble.directory(), Duration.ofDays(10));
			try (ConfigurableApplicationContext app = start(pebble, httpPort, storage)) {
				int port = port(app);
				assertThat(served(port)).as("served while its successor is ordered").isEqualTo(ageing);
				gate.open();
				Awaitility.await().atMost(WAIT).until(() -> !served(port).equals(ageing));
				List<X509Certificate> renewed = TestTls.servedChain(port, DOMAIN);
				assertIssuedBy(renewed, pebble.root());
				assertThat(renewed.get(0)).isNotEqualTo(issued);
				assertThat(new AcmeStorage(storage).certificate().certificate()).isEqualTo(renewed.get(0));
			}

			gate.shut();
			X509Certificate fromStaging = storeCertificate(storage, URI.create("https://staging.example.org/dir"),
					Duration.ofDays(80));
			try (ConfigurableApplicationContext app = start(pebble, httpPort, storage)) {
				int port = port(app);
				assertThat(served(port)).as("a valid certificate of another CA, served meanwhile")
					.isEqualTo(fromStaging);
				gate.open();
				Awaitility.await().atMost(WAIT).until(() -> !served(port).equals(fromStaging));
				assertIssuedBy(TestTls.servedChain(port, DOMAIN), pebble.root());
			}
		}
	}

	@Test
	void whenTheCaCannotBeReachedTheTemporaryCertificateIsServedAndHealthSaysWhy(CapturedOutput output)
			throws Exception {
		URI nowhere = URI.create("https://localhost:" + FreePort.next() + "/dir");
		try (ConfigurableApplicationContext app = start(nowhere, null, FreePort.next(),
				site.root().resolve("unreachable"))) {
			int port = port(app);
			Awaitility.await().atMost(WAIT).until(() -> tlsHealth(port).contains("\"status\":\"DOWN\""));
			assertThat(tlsHealth(port)).contains("\"temporary\":true").contains("\"lastError\"");
			assertThat(served(port).getIssuerX500Principal().getName()).contains("cgiserver temporary certificate");
			assertThat(output).contains("HTTPS for [" + DOMAIN + "]: no certificate from " + nowhere + " (attempt 1): ")
				.contains("next attempt in PT2M; still serving the temporary certificate");
			assertThat(get(port, "/cgi-bin/hello.sh")).isEqualTo("hello");
		}
	}

	private static ConfigurableApplicationContext start(Pebble pebble, int httpPort, Path storage) {
		return start(pebble.directory(), pebble.certificate(), httpPort, storage);
	}

	private static ConfigurableApplicationContext start(URI directory, Path trust, int httpPort, Path storage) {
		List<String> arguments = new java.util.ArrayList<>(List.of("--server.port=0", "--management.server.port=",
				"--cgi.document-root=" + site.www(), "--cgi.tls.http-port=" + httpPort,
				"--cgi.tls.acme.directory=" + directory, "--cgi.tls.acme.domains=" + DOMAIN,
				"--cgi.tls.acme.email=ops@cgiserver.test", "--cgi.tls.acme.storage=" + storage));
		if (trust != null) {
			arguments.add("--cgi.tls.acme.trust-certificate=" + trust);
		}
		return new SpringApplicationBuilder(CgiServerApplication.class).run(arguments.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext app) {
		return app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static X509Certificate served(int port) {
		return TestTls.servedChain(port, DOMAIN).get(0);
	}

	private static String tlsHealth(int port) throws Exception {
		return get(port, "/actuator/health/tls");
	}

	private static String get(int port, String path) throws Exception {
		return TestTls.trustingClient()
			.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static void assertIssuedBy(List<X509Certificate> chain, X509Certificate root) throws Exception {
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
		parameters.setRevocationEnabled(false);
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
	}

	/** As if a certificate issued 60 days ago, with the given time left, had been stored. */
	private static X509Certificate storeCertificate(Path storage, URI directory, Duration left) throws Exception {
		Instant now = Instant.now();
		KeyPair issuerKey = KeyPairUtils.createKeyPair(2048);
		X509Certificate issuer = CertificateUtils.createTestRootCertificate("CN=an earlier CA", now.minus(Duration.ofDays(60)),
				now.plus(left), issuerKey);
		KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
		CSRBuilder request = new CSRBuilder();
		request.addDomain(DOMAIN);
		request.sign(key);
		X509Certificate certificate = CertificateUtils.createTestCertificate(request.getCSR(),
				now.minus(Duration.ofDays(60)), now.plus(left), issuer, issuerKey.getPrivate());
		new AcmeStorage(storage).store(new ServedCertificate(key, List.of(certificate, issuer), false), directory);
		return certificate;
	}

}
