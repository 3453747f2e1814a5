package org.cgiserver.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue for script slots forgets clients that left: their requests leave the queue,
 * are recorded as aborted, and start no script.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class QueueIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.writableFolder("marks");
		// Holds its slot until the test removes the flag file; leaves a mark for every start.
		site.sh("www/cgi-bin/hold.sh", "touch \"$MARKS/hold.$$\"\nwhile [ -e \"$MARKS/flag\" ]; do sleep 0.05; done\n"
				+ "printf 'Content-Type: text/plain\\n\\nheld'\n");
		site.sh("www/cgi-bin/queued.sh", "touch \"$MARKS/queued.$$\"\nprintf 'Content-Type: text/plain\\n\\nqueued'\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("cgi.max-concurrent", 2)
			.set("cgi.queue-timeout", "10s")
			.env("MARKS", site.path("marks"));
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@BeforeEach
	void idle() {
		new Actuator(this.managementPort).awaitIdle();
	}

	@Test
	void requestsWhoseClientsLeftWhileQueuedAreAbortedAndStartNoScript() throws Exception {
		Path flag = Files.createFile(site.path("marks/flag"));
		long queuedBefore = marks("queued.");
		Http http = new Http(this.port);
		List<CompletableFuture<HttpResponse<String>>> holders = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			holders.add(CompletableFuture.supplyAsync(() -> http.get("/cgi-bin/hold.sh")));
		}
		long heldBefore = marks("hold.");
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> marks("hold.") == heldBefore + 2);
		List<Socket> departing = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			departing.add(send("GET /cgi-bin/queued.sh HTTP/1.1\r\nHost: localhost\r\n\r\n"));
		}
		Actuator actuator = new Actuator(this.managementPort);
		long abortedBefore = actuator.totals().get("aborted").asLong();
		for (Socket socket : departing) {
			socket.close();
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(8))
			.until(() -> actuator.totals().get("aborted").asLong() == abortedBefore + 3);
		Files.delete(flag);
		for (CompletableFuture<HttpResponse<String>> holder : holders) {
			assertThat(holder.get(20, TimeUnit.SECONDS).body()).isEqualTo("held");
		}
		assertThat(http.get("/cgi-bin/queued.sh").body()).isEqualTo("queued");
		assertThat(marks("queued.")).isEqualTo(queuedBefore + 1);
		List<JsonNode> abandoned = actuator.runs()
			.stream()
			.filter((run) -> run.get("script").asText().equals("/cgi-bin/queued.sh")
					&& run.get("outcome").asText().equals("aborted"))
			.toList();
		assertThat(abandoned).hasSize(3).allSatisfy((run) -> {
			assertThat(run.get("status").asInt()).isEqualTo(499);
			assertThat(run.get("exitCode").asInt()).isEqualTo(-1);
		});
	}

	private Socket send(String request) {
		try {
			Socket socket = new Socket("127.0.0.1", this.port);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long marks(String prefix) throws IOException {
		try (Stream<Path> files = Files.list(site.path("marks"))) {
			return files.filter((file) -> file.getFileName().toString().startsWith(prefix)).count();
		}
	}

}
