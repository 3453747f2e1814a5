package org.cgiserver.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.awaitility.Awaitility;
import org.cgiserver.support.Http;
import org.cgiserver.support.Programs;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The access log in Apache's combined format in a file of its own: bare lines, rotated by
 * Logback, which GoAccess reads as they are, the rotated files too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
// The access logger's appender is the JVM's: the context goes, and takes it along.
@DirtiesContext
class AccessLogFileIntegrationTests {

	private static final int REQUESTS = 40;

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/index.html", "home");
		site.textScript("www/cgi-bin/hello.sh", "hello");
		site.file("htpasswd", Users.file(Users.ALICE));
		site.folder("logs");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("cgi.access-log-format", "combined")
			.set("cgi.access-log-output", "file")
			.set("cgi.access-log-file", site.path("logs/access.log"))
			// A few lines a file, so that the requests of one test roll it over.
			.set("logging.logback.rollingpolicy.max-file-size", "1KB")
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.rules[0].path", "/cgi-bin/hello.sh")
			.set("cgi.auth.rules[0].users", "alice");
	}

	@LocalServerPort
	int port;

	@Test
	void goAccessReadsEveryRequestFromTheRotatedFiles(CapturedOutput output) throws IOException {
		Http http = new Http(this.port);
		for (int i = 0; i < REQUESTS; i++) {
			String path = (i % 2 == 0) ? "/index.html?n=" + i : "/cgi-bin/hello.sh?n=" + i;
			assertThat(http.send(http.request(path)
				.headers("Authorization", Users.basic("alice", "alice-secret"), "Referer", "http://ref.example/",
						"User-Agent", "test-agent/1.0")
				.build()).statusCode()).isEqualTo(200);
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> lines().size() == REQUESTS);
		List<String> lines = lines();
		assertThat(lines).allMatch((line) -> line.matches("127\\.0\\.0\\.1 - (-|alice) \\[[^\\]]+\\] "
				+ "\"GET /\\S+ HTTP/1\\.1\" 200 \\d+ \"http://ref\\.example/\" \"test-agent/1\\.0\""));
		assertThat(rotated()).as("rotated files").isNotEmpty();
		assertThat(output).doesNotContain("cgiserver.access");

		Path goaccess = Programs.find("goaccess");
		assumeTrue(goaccess != null, "goaccess is not installed");
		Path all = Files.write(site.path("logs/all.log"), lines);
		Programs.Result result = Programs.run(List.of(goaccess.toString(), all.toString(), "--log-format=COMBINED",
				"--no-global-config", "-o", "json"));
		assertThat(result.status()).as(result.toString()).isZero();
		JsonNode general = JsonMapper.builder().build().readTree(result.output()).get("general");
		assertThat(general.get("total_requests").asInt()).as(result.toString()).isEqualTo(REQUESTS);
		assertThat(general.get("valid_requests").asInt()).isEqualTo(REQUESTS);
		assertThat(general.get("failed_requests").asInt()).isZero();
	}

	/** The lines of the rotated files, oldest first, then those of the current file. */
	private static List<String> lines() throws IOException {
		List<String> lines = new ArrayList<>();
		for (Path file : rotated()) {
			try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
				lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
			}
			catch (IOException ex) {
				// Still being compressed: read it on the next try.
				return List.of();
			}
		}
		lines.addAll(Files.readAllLines(site.path("logs/access.log")));
		return lines;
	}

	private static List<Path> rotated() {
		try (Stream<Path> files = Files.list(site.path("logs"))) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".gz"))
				.sorted((a, b) -> index(a) - index(b))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The number Logback gives a rotated file: access.log.DATE.N.gz. */
	private static int index(Path file) {
		String[] parts = file.getFileName().toString().split("\\.");
		return Integer.parseInt(parts[parts.length - 2]);
	}

}
