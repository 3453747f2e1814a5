package org.cgiserver.cgi;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.cgiserver.support.Actuator;
import org.cgiserver.support.Pids;
import org.cgiserver.support.Programs;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event stream over HTTPS and HTTP/2, as curl gets it: each event as it is written,
 * uncompressed though curl asks for compression, past {@code cgi.timeout}; and a client
 * that resets its stream, not its connection, stops the script.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class EventStreamHttp2IntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.writableFolder("gates");
		site.writableFolder("pids");
		site.script("www/cgi-bin/leaving.sh", """
				#!/bin/sh
				sleep 1000 &
				echo $! >> "$PIDS/leaving"
				echo $$ >> "$PIDS/leaving"
				printf 'Content-Type: text/event-stream\\r\\n\\r\\n'
				while :; do printf 'data: tick\\n\\n'; sleep 0.2; done
				""");
		site.script("www/cgi-bin/gated.sh", EventStreamIntegrationTests.GATED);
		site.folder("tls");
		TestTls.selfSigned("localhost", site.path("tls/fullchain.pem"), site.path("tls/privkey.pem"), "IP:127.0.0.1");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.env("GATES", site.path("gates"))
			.env("PIDS", site.path("pids"))
			.set("cgi.timeout", "1s")
			.set("server.http2.enabled", "true")
			.set("server.compression.enabled", "true")
			.set("server.compression.mime-types", "text/event-stream")
			.set("server.compression.min-response-size", "1B")
			.set("server.ssl.bundle", "web")
			// The management port, read by the test over plain HTTP.
			.set("management.server.ssl.enabled", "false")
			.set("spring.ssl.bundle.pem.web.keystore.certificate", "file:" + site.path("tls/fullchain.pem"))
			.set("spring.ssl.bundle.pem.web.keystore.private-key", "file:" + site.path("tls/privkey.pem"));
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void clientThatCancelsItsStreamStopsTheScriptThoughItKeepsTheConnection() throws Exception {
		HttpClient client = TestTls.trustingClient();
		HttpResponse<InputStream> response = client.send(
				HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.port + "/cgi-bin/leaving.sh"))
					.version(HttpClient.Version.HTTP_2)
					.build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
		List<Long> tree;
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			assertThat(lines.readLine()).isEqualTo("data: tick");
			tree = Pids.await(site.path("pids/leaving"), 2);
		}
		// Closing the body resets the stream; the connection stays open for other requests.
		Pids.awaitGone(tree, Duration.ofSeconds(5));
		assertThat(new Actuator(this.managementPort).lastRun("/cgi-bin/leaving.sh").get("outcome").asString())
			.isEqualTo("aborted");
		assertThat(client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.port + "/")).build(),
				HttpResponse.BodyHandlers.discarding()).version()).isEqualTo(HttpClient.Version.HTTP_2);
	}

	@Test
	void curlGetsEachEventAsItIsWrittenOverHttp2() throws Exception {
		Process curl = new ProcessBuilder("curl", "--silent", "--show-error", "--no-buffer", "--http2", "--insecure",
				"--compressed", "--include", "https://127.0.0.1:" + this.port + "/cgi-bin/gated.sh?h2")
			.redirectErrorStream(true)
			.start();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
			List<String> head = new ArrayList<>();
			for (String line = lines.readLine(); line != null && !line.isEmpty(); line = lines.readLine()) {
				head.add(line.strip().toLowerCase(Locale.ROOT));
			}
			assertThat(head).first().isEqualTo("http/2 200");
			assertThat(head).contains("content-type: text/event-stream")
				.noneMatch((header) -> header.startsWith("content-encoding:"));
			for (int n = 1; n <= 3; n++) {
				assertThat(lines.readLine()).isEqualTo("data: event " + n);
				assertThat(lines.readLine()).isEmpty();
				Files.createFile(site.path("gates/h2-" + n));
			}
			assertThat(lines.readLine()).isEqualTo("data: done");
			assertThat(lines.readLine()).isEmpty();
			assertThat(lines.readLine()).isNull();
			assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(curl.exitValue()).as("curl's exit status: the stream ended whole").isZero();
		}
		finally {
			Programs.stop(curl);
		}
	}

}
