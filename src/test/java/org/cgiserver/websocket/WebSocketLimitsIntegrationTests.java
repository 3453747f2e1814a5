package org.cgiserver.websocket;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.cgiserver.support.AccessLog;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
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
 * The limits of WebSocket sessions: their own cap beside cgi.max-concurrent, the largest
 * message each way and the longest session, each with its close code, access-log line
 * and metric.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class WebSocketLimitsIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/ws/echo.sh", "while read l; do echo \"$l\"; done\n");
		site.sh("www/ws/long-line.sh", "head -c 2000 /dev/zero | tr '\\0' x\necho\nsleep 10\n");
		site.sh("www/ws/forever.sh", "echo ready\nexec sleep 1000\n");
		site.sh("www/ws/later.sh", "sleep 1.5\necho still here\n");
		site.sh("www/cgi-bin/plain.sh", "printf 'Content-Type: text/plain\\n\\nplain cgi'\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/ws", "websocket=text")
			.prefix("/cgi-bin")
			.set("cgi.max-concurrent", "1")
			.set("cgi.queue-timeout", "1s")
			.set("cgi.websocket.max-sessions", "1")
			.set("cgi.websocket.max-message-size", "1KB")
			.set("cgi.websocket.max-duration", "3s")
			.set("cgi.websocket.ping-interval", "300ms")
			.set("cgi.kill-grace", "500ms");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@BeforeEach
	void noSessionOpen() {
		// The slot of an earlier test's session is free once its script has ended.
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> metric("cgi.websocket.sessions", "VALUE") == 0);
	}

	@Test
	void sessionsBeyondTheCapAreRefusedWith503WhileCgiRequestsStillRun(CapturedOutput output)
			throws InterruptedException {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/echo.sh")) {
			socket.send("held");
			assertThat(socket.text()).isEqualTo("held");
			HttpResponse<?> refused = JdkSocket.refusal(this.port, "/ws/echo.sh", Map.of());
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(output).contains("WebSocket session for /ws/echo.sh refused: cgi.websocket.max-sessions (1) are open");
			assertThat(new Http(this.port).get("/cgi-bin/plain.sh").body())
				.as("the session takes no slot of cgi.max-concurrent (1)").isEqualTo("plain cgi");
		}
		noSessionOpen();
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/echo.sh")) {
			socket.send("again");
			assertThat(socket.text()).isEqualTo("again");
		}
		assertThat(metric("cgi.websocket.messages", "COUNT", "direction:in")).isGreaterThanOrEqualTo(2);
		assertThat(metric("cgi.websocket.opened", "COUNT")).isGreaterThanOrEqualTo(2);
	}

	@Test
	void messageLargerThanTheLimitCloses1009(CapturedOutput output) {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/echo.sh")) {
			socket.send("y".repeat(2000));
			JdkSocket.Closed closed = socket.closed();
			assertThat(closed.code()).isEqualTo(1009);
			assertThat(closed.reason()).isEqualTo("message larger than cgi.websocket.max-message-size");
		}
		assertThat(AccessLog.awaitMessage(output, "outcome=message-too-big")).contains("close_code=1009");
		assertThat(output).contains("WebSocket script /ws/echo.sh: a message larger than cgi.websocket.max-message-size");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> metric("cgi.websocket.closed", "COUNT", "reason:message-too-big") >= 1);
	}

	@Test
	void scriptLineLongerThanTheLimitCloses1011(CapturedOutput output) {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/long-line.sh")) {
			assertThat(socket.closed().code()).isEqualTo(1011);
			assertThat(socket.rest()).isEmpty();
		}
		assertThat(AccessLog.awaitMessage(output, "outcome=output-too-big")).contains("close_code=1011");
	}

	@Test
	void sessionOutlastingTheMaxDurationCloses1008AndItsScriptStops(CapturedOutput output)
			throws InterruptedException {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/forever.sh")) {
			assertThat(socket.text()).isEqualTo("ready");
			JdkSocket.Closed closed = socket.closed();
			assertThat(closed.code()).isEqualTo(1008);
			assertThat(closed.reason()).isEqualTo("session lasted cgi.websocket.max-duration");
		}
		assertThat(AccessLog.awaitMessage(output, "outcome=max-duration")).contains("close_code=1008");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> metric("cgi.websocket.closed", "COUNT", "reason:max-duration") >= 1);
	}

	@Test
	void clientThatAnswersPingsKeepsItsQuietSession() throws InterruptedException {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/later.sh")) {
			assertThat(socket.text()).isEqualTo("still here");
			assertThat(socket.closed().code()).isEqualTo(1000);
		}
	}

	@Test
	void clientThatAnswersNoPingIsTakenForGone(CapturedOutput output) throws IOException {
		try (Socket client = new Socket("127.0.0.1", this.port)) {
			client.getOutputStream()
				.write(("GET /ws/forever.sh HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
						+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
						+ "Sec-WebSocket-Version: 13\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			// Reads the answer's head, then nothing more: the server's pings go unanswered.
			byte[] head = new byte[12];
			assertThat(client.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
			assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
			assertThat(AccessLog.awaitMessage(output, "outcome=ping-timeout")).contains("script=/ws/forever.sh")
				.contains("close_code=1001");
		}
		assertThat(output).contains("WebSocket client of /ws/forever.sh did not answer a ping; closing the session");
	}

	private double metric(String name, String statistic, String... tags) {
		return new Actuator(this.managementPort).metric(name, statistic, tags);
	}

}
