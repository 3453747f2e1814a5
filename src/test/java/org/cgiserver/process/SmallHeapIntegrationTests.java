package org.cgiserver.process;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import org.awaitility.Awaitility;
import org.cgiserver.CgiServerApplication;
import org.cgiserver.support.Http;
import org.cgiserver.support.StreamedResponse;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory per run is a few buffers whatever the sizes: a gigabyte each way through a server
 * whose heap is capped at 128 MB, in a JVM of its own.
 */
class SmallHeapIntegrationTests {

	static final long GIGABYTE = 1_000_000_000L;

	static final TestSite site = TestSite.create();

	static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	static Process server;

	static int port;

	@BeforeAll
	static void startServer() throws Exception {
		site.script("www/cgi-bin/cat.sh", "#!/bin/sh\nprintf 'Content-Type: application/octet-stream\\n\\n'\nexec cat\n");
		site.script("www/cgi-bin/big.sh",
				"#!/bin/sh\nprintf 'Content-Type: application/octet-stream\\n\\n'\nexec head -c " + GIGABYTE + " /dev/zero\n");
		String java = ProcessHandle.current().info().command().orElse("java");
		// Port 0, read back from the log: a port found free beforehand may be taken by
		// another process before the server binds it.
		List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
				CgiServerApplication.class.getName(), "--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=", "--cgi.document-root=" + site.root().resolve("www"),
				"--cgi.max-request-body=2GB"));
		Path log = site.root().resolve("server.log");
		server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
			assertThat(server.isAlive()).as("server running").isTrue();
			Matcher started = STARTED.matcher(Files.readString(log));
			if (started.find()) {
				port = Integer.parseInt(started.group(1));
			}
			return port != 0;
		});
		Http http = new Http(port);
		Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
			assertThat(server.isAlive()).as("server running").isTrue();
			return http.get("/actuator/health").statusCode() == 200;
		});
	}

	@AfterAll
	static void stopServer() throws Exception {
		if (server != null) {
			server.destroy();
			server.waitFor();
		}
		site.delete();
	}

	@Test
	void gigabyteEchoedBack() throws Exception {
		// Over a plain socket, sending and reading at once: the JDK's HttpClient does not
		// read a response before it has sent the whole body.
		CRC32 sent = new CRC32();
		CRC32 received = new CRC32();
		try (Socket socket = new Socket("127.0.0.1", port)) {
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try {
					OutputStream out = socket.getOutputStream();
					out.write(("POST /cgi-bin/cat.sh HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
							+ "Content-Type: application/octet-stream\r\nContent-Length: " + GIGABYTE + "\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
					new PatternStream(GIGABYTE, sent).transferTo(out);
					out.flush();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			InputStream in = new BufferedInputStream(socket.getInputStream());
			String head = StreamedResponse.readHead(in);
			assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Transfer-Encoding: chunked");
			long count = consume(StreamedResponse.chunkedBody(in), received);
			writer.get();
			assertThat(count).isEqualTo(GIGABYTE);
		}
		assertThat(received.getValue()).isEqualTo(sent.getValue());
		assertThat(server.isAlive()).isTrue();
	}

	@Test
	void gigabyteResponse() throws Exception {
		Http http = new Http(port);
		HttpResponse<InputStream> response = http.send(http.request("/cgi-bin/big.sh").build(),
				BodyHandlers.ofInputStream());
		assertThat(consume(response.body(), new CRC32())).isEqualTo(GIGABYTE);
		assertThat(server.isAlive()).isTrue();
		assertThat(Files.readString(site.root().resolve("server.log"))).doesNotContain("OutOfMemoryError");
	}

	private static long consume(InputStream body, CRC32 crc) throws IOException {
		long count = 0;
		byte[] buffer = new byte[65536];
		try (body) {
			int read;
			while ((read = body.read(buffer)) != -1) {
				crc.update(buffer, 0, read);
				count += read;
			}
		}
		return count;
	}

	/** A long stream of non-trivial bytes, generated as it is read. */
	static final class PatternStream extends InputStream {

		private final long length;

		private final CRC32 crc;

		private long position;

		PatternStream(long length, CRC32 crc) {
			this.length = length;
			this.crc = crc;
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.position >= this.length) {
				return -1;
			}
			int count = (int) Math.min(length, this.length - this.position);
			for (int i = 0; i < count; i++) {
				long p = this.position + i;
				buffer[offset + i] = (byte) (p ^ (p >>> 11));
			}
			this.crc.update(buffer, offset, count);
			this.position += count;
			return count;
		}

	}

}
