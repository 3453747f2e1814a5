package org.cgiserver.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

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
 * A script that names a file in {@code X-Sendfile} gets it sent as a static file is,
 * with its own headers kept; a file outside {@code cgi.x-sendfile.folders} is refused.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class XSendfileIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	/** Above the size that goes through the container's sendfile. */
	static final byte[] DATA = new byte[200_000];

	static {
		for (int i = 0; i < DATA.length; i++) {
			DATA[i] = (byte) (i * 31 + i / 256);
		}
		site.file("downloads/report.bin", DATA, "rw-r--r--");
		site.folder("downloads/sub");
		mkfifo(site.path("downloads/pipe"));
		site.file("secret/outside.txt", "top secret\n");
		site.symlink("downloads/out.txt", site.path("secret/outside.txt"));
		// The script names the file given in its query string, as a download script that
		// checked its client would name the file it allows.
		String send = """
				printf 'Content-Type: application/x-report\\r\\n'
				printf 'Content-Disposition: attachment; filename="report.bin"\\r\\n'
				printf 'Cache-Control: private, max-age=60\\r\\n'
				printf 'X-Sendfile: %s\\r\\n\\r\\n' "$QUERY_STRING"
				""";
		site.sh("www/cgi-bin/download.sh", send);
		site.sh("www/cgi-bin/send.sh", send);
		site.sh("www/cgi-bin/text.sh", "printf 'Content-Type: text/plain; charset=utf-8\\r\\nX-Sendfile: %s\\r\\n\\r\\n' \"$QUERY_STRING\"\n");
		// Stays alive after its headers: the download must not wait for its end.
		site.sh("www/cgi-bin/lingers.sh", """
				printf 'Content-Type: application/octet-stream\\r\\nX-Sendfile: %s\\r\\n\\r\\n' "$QUERY_STRING"
				sleep 20
				""");
	}

	private static void mkfifo(Path path) {
		try {
			assertThat(new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor()).isZero();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("cgi.x-sendfile.folders[0]", site.path("downloads"));
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private HttpResponse<byte[]> get(String path, String... headers) {
		Http http = new Http(this.port);
		HttpRequest.Builder request = http.request(path).GET();
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private String report() {
		return "/cgi-bin/download.sh?" + site.path("downloads/report.bin");
	}

	@Test
	void theFileIsSentWithTheScriptsHeaders() {
		HttpResponse<byte[]> response = get(report());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(DATA);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-report");
		assertThat(response.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"report.bin\"");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("private, max-age=60");
		assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(DATA.length));
		assertThat(response.headers().firstValue("ETag")).isPresent();
		assertThat(response.headers().firstValue("X-Sendfile")).isEmpty();
		Actuator actuator = new Actuator(this.managementPort);
		actuator.awaitRuns("/cgi-bin/download.sh", 1);
		JsonNode run = actuator.runs()
			.stream()
			.filter((candidate) -> candidate.get("script").asString().equals("/cgi-bin/download.sh"))
			.findFirst()
			.orElseThrow();
		assertThat(run.get("outcome").asString()).isEqualTo("success");
	}

	@Test
	void aRangeGetsItsBytes() {
		HttpResponse<byte[]> response = get(report(), "Range", "bytes=1000-1999");
		assertThat(response.statusCode()).isEqualTo(206);
		assertThat(response.body()).isEqualTo(Arrays.copyOfRange(DATA, 1000, 2000));
		assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + DATA.length);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-report");
	}

	@Test
	void severalRangesGetAMultipartAnswer() {
		HttpResponse<byte[]> response = get("/cgi-bin/text.sh?" + site.path("downloads/report.bin"), "Range",
				"bytes=0-9,100-109");
		assertThat(response.statusCode()).isEqualTo(206);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow())
			.matches("multipart/byteranges; boundary=[^;]+");
		assertThat(new String(response.body(), StandardCharsets.ISO_8859_1))
			.contains("Content-Range: bytes 100-109/" + DATA.length);
	}

	@Test
	void aFormPostCanBeAnsweredWithAFile() {
		Http http = new Http(this.port);
		HttpResponse<byte[]> response = http.send(
				http.request(report()).POST(HttpRequest.BodyPublishers.ofString("who=me")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(DATA);
		assertThat(response.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"report.bin\"");
	}

	@Test
	void aMatchingETagGetsNotModified() {
		String etag = get(report()).headers().firstValue("ETag").orElseThrow();
		HttpResponse<byte[]> response = get(report(), "If-None-Match", etag);
		assertThat(response.statusCode()).isEqualTo(304);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void headGetsTheHeadersOnly() {
		Http http = new Http(this.port);
		HttpResponse<byte[]> response = http.send(
				http.request(report()).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(DATA.length));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-report");
		assertThat(response.headers().firstValue("X-Sendfile")).isEmpty();
		assertThat(response.body()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/etc/passwd", "downloads/../secret/outside.txt", "downloads/out.txt", "downloads/sub",
			"downloads/sub/", "downloads/pipe", "downloads/../secret/missing.txt", "relative/path" })
	void aFileOutsideTheFoldersOrNotAFileIsRefused(String named, CapturedOutput output) {
		String path = named.startsWith("/") || named.startsWith("relative") ? named : site.root() + "/" + named;
		HttpResponse<byte[]> response = get("/cgi-bin/send.sh?" + path);
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(new String(response.body())).doesNotContain("top secret").doesNotContain("root:");
		assertThat(output).contains("CGI script /cgi-bin/send.sh named '" + path + "' in X-Sendfile, which is not sent");
	}

	@Test
	void aMissingFileInsideTheFoldersIsNotFound(CapturedOutput output) {
		Path missing = site.path("downloads/missing.bin");
		HttpResponse<byte[]> response = get("/cgi-bin/send.sh?" + missing);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(output).contains("CGI script /cgi-bin/send.sh named '" + missing + "' in X-Sendfile, which is not sent: no such file");
	}

	@Test
	void theDownloadDoesNotWaitForTheScriptToEnd() {
		long start = System.nanoTime();
		HttpResponse<byte[]> response = get("/cgi-bin/lingers.sh?" + site.path("downloads/report.bin"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(DATA);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

}
