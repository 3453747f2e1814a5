package org.cgiserver.cgi;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.awaitility.Awaitility;
import org.cgiserver.support.Http;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.StreamedResponse;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads never deadlock, whatever order the client reads in: the body is taken from the
 * client as fast as it comes, while the script reads it as it arrives, and what waits on
 * disk is freed when the run ends.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class UploadSpoolIntegrationTests {

	static final int TWENTY_MB = 20_000_000;

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.script("www/cgi-bin/cat.sh", "#!/bin/sh\nprintf 'Content-Type: application/octet-stream\\n\\n'\nexec cat\n");
		site.script("www/cgi-bin/stall.sh",
				"#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\nhead -c 1000 >/dev/null\nexec sleep 30\n");
		site.writableFolder("spool");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.request-spool.folder", () -> site.root().resolve("spool").toString());
		registry.add("cgi.request-spool.memory", () -> "64KB");
		registry.add("cgi.timeout", () -> "30s");
		registry.add("cgi.prefixes[0].path", () -> "/cgi-bin");
		registry.add("cgi.prefixes[1].path", () -> "/short");
		registry.add("cgi.prefixes[1].target", () -> site.root().resolve("www/cgi-bin").toString());
		registry.add("cgi.prefixes[1].timeout", () -> "1s");
		registry.add("cgi.kill-grace", () -> "100ms");
		registry.add("cgi.max-request-body", () -> "50MB");
	}

	@LocalServerPort
	int port;

	@Test
	void aClientThatSendsItsWholeBodyBeforeReadingGetsTheEchoBack() throws IOException {
		CRC32 sent = new CRC32();
		CRC32 received = new CRC32();
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			// Fails the test instead of waiting for cgi.timeout if the exchange deadlocks.
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /cgi-bin/cat.sh HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
					+ "Content-Length: " + TWENTY_MB + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] block = new byte[65536];
			for (int written = 0; written < TWENTY_MB; written += block.length) {
				int length = Math.min(block.length, TWENTY_MB - written);
				fill(block, written);
				out.write(block, 0, length);
				sent.update(block, 0, length);
			}
			out.flush();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			assertThat(StreamedResponse.readHead(in)).startsWith("HTTP/1.1 200");
			long count = 0;
			try (InputStream body = StreamedResponse.chunkedBody(in)) {
				byte[] buffer = new byte[65536];
				int read;
				while ((read = body.read(buffer)) != -1) {
					received.update(buffer, 0, read);
					count += read;
				}
			}
			assertThat(count).isEqualTo(TWENTY_MB);
		}
		assertThat(received.getValue()).isEqualTo(sent.getValue());
		awaitNoOpenSpoolFiles();
	}

	@Test
	void pythonHttpClientUploadsAndReadsTheAnswer() throws Exception {
		String program = """
				import http.client, sys
				connection = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)
				connection.request('POST', '/cgi-bin/cat.sh', body=b'x' * 20000000)
				response = connection.getresponse()
				print(response.status, len(response.read()))
				""";
		Process python = new ProcessBuilder("python3", "-c", program, Integer.toString(this.port))
			.redirectErrorStream(true)
			.start();
		String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(output.strip()).isEqualTo("200 20000000");
		awaitNoOpenSpoolFiles();
	}

	@Test
	void theSpooledBodyOfATimedOutScriptIsFreed() {
		RawHttp.Response response = request(this.port,
				"POST /short/stall.sh HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 3000000\r\n\r\n",
				new byte[3_000_000]);
		assertThat(response.status()).isEqualTo(200);
		awaitNoOpenSpoolFiles();
	}

	@Test
	void theSpooledBodyOfAClientThatLeftIsFreed() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /cgi-bin/stall.sh HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3000000\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(new byte[3_000_000]);
			out.flush();
			assertThat(StreamedResponse.readHead(new BufferedInputStream(socket.getInputStream()))).startsWith("HTTP/1.1 200");
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> openSpoolFiles() > 0);
		}
		awaitNoOpenSpoolFiles();
	}

	@Test
	void aBodyOverTheLimitIsRefusedWithoutSpooling() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write("POST /cgi-bin/cat.sh HTTP/1.1\r\nHost: localhost\r\nContent-Length: 60000000\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			assertThat(StreamedResponse.readHead(new BufferedInputStream(socket.getInputStream()))).startsWith("HTTP/1.1 413");
		}
		assertThat(openSpoolFiles()).isZero();
	}

	@Test
	void chunkedBodiesAreSpooledWholeAndFreed() {
		byte[] body = "x".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
		Http http = new Http(this.port);
		String answer = http
			.send(http.request("/cgi-bin/cat.sh")
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
				.build())
			.body();
		assertThat(answer).hasSize(body.length);
		awaitNoOpenSpoolFiles();
	}

	@Test
	void bodiesStillReachScriptsThatReadThemSlowly() {
		String body = "y".repeat(300_000);
		String answer = new Http(this.port)
			.send(new Http(this.port).request("/cgi-bin/cat.sh")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build())
			.body();
		assertThat(answer).isEqualTo(body);
	}

	private static RawHttp.Response request(int port, String head, byte[] body) {
		byte[] request = new byte[head.length() + body.length];
		byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(headBytes, 0, request, 0, headBytes.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		return RawHttp.send(port, request);
	}

	private static void awaitNoOpenSpoolFiles() {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> openSpoolFiles() == 0);
	}

	/**
	 * The server's open file descriptors on (unlinked) spool files: the temporary files
	 * take disk space until these are closed.
	 */
	static long openSpoolFiles() {
		String folder = site.root().resolve("spool").toString();
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			List<Path> all = descriptors.toList();
			return all.stream().filter((fd) -> {
				try {
					String file = Files.readSymbolicLink(fd).toString();
					return file.startsWith(folder + "/cgiserver-spool-") && file.contains("/cgiserver-body-");
				}
				catch (IOException ex) {
					return false;
				}
			}).count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void fill(byte[] block, int seed) {
		for (int i = 0; i < block.length; i++) {
			block[i] = (byte) ((seed + i) * 31);
		}
	}

}
