package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * Let's Encrypt's ACME test server, as Debian packages it: {@code pebble}, with
 * {@code pebble-challtestsrv} as its DNS, which answers 127.0.0.1 for every name. Its
 * validation authority fetches http-01 challenges from {@code httpPort} on loopback.
 */
public final class Pebble implements AutoCloseable {

	private final Path folder;

	private final int port = FreePort.next();

	private final int managementPort = FreePort.next();

	private final Process dns;

	private final Process pebble;

	/**
	 * Starts both servers.
	 * @param folder a folder for the configuration and the server's own certificate
	 * @param httpPort where the validation authority fetches http-01 challenges
	 * @throws IOException if they cannot be started
	 */
	public Pebble(Path folder, int httpPort) throws IOException {
		this.folder = folder;
		Files.createDirectories(folder);
		TestTls.selfSigned("localhost", certificate(), folder.resolve("pebble-key.pem"), "DNS:localhost,IP:127.0.0.1");
		int dnsPort = FreePort.next();
		this.dns = new ProcessBuilder("pebble-challtestsrv", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "",
				"-dns01", "127.0.0.1:" + dnsPort, "-http01", "", "-https01", "", "-tlsalpn01", "", "-management",
				"127.0.0.1:" + FreePort.next())
			.redirectErrorStream(true)
			.redirectOutput(folder.resolve("challtestsrv.log").toFile())
			.start();
		Files.writeString(folder.resolve("pebble-config.json"), """
				{
				  "pebble": {
				    "listenAddress": "127.0.0.1:%d",
				    "managementListenAddress": "127.0.0.1:%d",
				    "certificate": "%s",
				    "privateKey": "%s",
				    "httpPort": %d,
				    "tlsPort": %d,
				    "ocspResponderURL": "",
				    "externalAccountBindingRequired": false
				  }
				}
				""".formatted(this.port, this.managementPort, certificate(), folder.resolve("pebble-key.pem"), httpPort,
				FreePort.next()));
		this.pebble = startPebble(folder, dnsPort);
		try {
			Awaitility.await()
				.alias("pebble answers at " + directory())
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.until(() -> this.pebble.isAlive() && get(directory()).statusCode() == 200);
		}
		catch (RuntimeException ex) {
			close();
			throw new IllegalStateException("Pebble did not start; its log:\n" + log(), ex);
		}
	}

	private Process startPebble(Path folder, int dnsPort) throws IOException {
		ProcessBuilder builder = new ProcessBuilder("pebble", "-config", folder.resolve("pebble-config.json").toString(),
				"-dnsserver", "127.0.0.1:" + dnsPort)
			.redirectErrorStream(true)
			.redirectOutput(folder.resolve("pebble.log").toFile());
		// No random pauses before validation, no rejected nonces, and no reused
		// authorizations: every order is validated over HTTP, at once.
		builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
		builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
		builder.environment().put("PEBBLE_AUTHZREUSE", "0");
		try {
			return builder.start();
		}
		catch (IOException | RuntimeException ex) {
			this.dns.destroyForcibly();
			throw ex;
		}
	}

	/** Whether the programs are installed. */
	public static boolean installed() {
		return Programs.find("pebble") != null && Programs.find("pebble-challtestsrv") != null;
	}

	/** The ACME directory URL. */
	public URI directory() {
		return URI.create("https://localhost:" + this.port + "/dir");
	}

	/** The PEM file of the certificate of Pebble's own HTTPS. */
	public Path certificate() {
		return this.folder.resolve("pebble-cert.pem");
	}

	/** The root that Pebble's certificates chain up to (a new one each start). */
	public X509Certificate root() throws Exception {
		HttpResponse<String> response = get(URI.create("https://localhost:" + this.managementPort + "/roots/0"));
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new java.io.ByteArrayInputStream(response.body().getBytes()));
	}

	/** What Pebble logged, for failure messages. */
	public String log() {
		try {
			return Files.readString(this.folder.resolve("pebble.log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private HttpResponse<String> get(URI uri) throws Exception {
		return TestTls.trustingClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		for (Process process : List.of(this.pebble, this.dns)) {
			process.destroy();
			try {
				if (!process.waitFor(10, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
			}
		}
	}

}
