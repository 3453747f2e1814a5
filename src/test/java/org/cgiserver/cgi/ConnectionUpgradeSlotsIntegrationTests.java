package org.cgiserver.cgi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.cgiserver.process.SessionSlots;
import org.cgiserver.support.AccessLog;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script that took over its connection holds a conversation, not a CGI request: it
 * gives its slot of {@code cgi.max-concurrent} back, so that short requests are not kept
 * waiting behind long conversations, and counts against {@code cgi.websocket.max-sessions}
 * and {@code cgi.websocket.max-duration} as the WebSocket sessions do.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ConnectionUpgradeSlotsIntegrationTests {

	private static final String SWITCH = TakeoverScripts.SWITCH;

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/ws/hold.sh", SWITCH + "exec cat\n");
		site.sh("www/ws/long.sh", SWITCH + "exec cat\n");
		site.sh("www/cgi-bin/hello.sh", "printf 'Content-Type: text/plain\\n\\nhello'\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/ws", "upgrade=true")
			.prefix("/cgi-bin")
			// One CGI slot, and a short wait for it: a pipe that kept its slot would make the
			// next request wait 1s for a 503.
			.set("cgi.max-concurrent", "1")
			.set("cgi.queue-timeout", "1s")
			.set("cgi.websocket.max-sessions", "1")
			.set("cgi.websocket.max-duration", "4s");
	}

	@LocalServerPort
	int port;

	@Autowired
	SessionSlots sessions;

	@AfterEach
	void everyConversationHasEnded() {
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.sessions.taken() == 0);
	}

	@Test
	void aScriptHoldingItsConnectionLeavesTheCgiSlotToOthers() {
		try (RawHttp.Connection pipe = RawHttp.open(this.port)) {
			assertThat(pipe.write(handshake("/ws/hold.sh")).read().status()).isEqualTo(101);
			RawHttp.Response hello = RawHttp.get(this.port, "/cgi-bin/hello.sh");
			assertThat(hello.status()).isEqualTo(200);
			assertThat(hello.body()).contains("hello");
			assertThat(new String(pipe.write("still here").readNBytes(10), StandardCharsets.US_ASCII))
				.isEqualTo("still here");
		}
	}

	@Test
	void aConversationBeyondMaxSessionsIsRefusedWith503() {
		try (RawHttp.Connection first = RawHttp.open(this.port)) {
			assertThat(first.write(handshake("/ws/hold.sh")).read().status()).isEqualTo(101);
			try (RawHttp.Connection second = RawHttp.open(this.port)) {
				RawHttp.Response refused = second.write(handshake("/ws/hold.sh")).read();
				assertThat(refused.status()).isEqualTo(503);
				assertThat(refused.header("Retry-After")).isEqualTo("1");
			}
			assertThat(new String(first.write("first").readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("first");
		}
	}

	@Test
	void aConversationEndsAtItsLongestDuration(CapturedOutput output) {
		try (RawHttp.Connection pipe = RawHttp.open(this.port)) {
			assertThat(pipe.write(handshake("/ws/long.sh")).read().status()).isEqualTo(101);
			// The client holds it; the server ends it after cgi.websocket.max-duration (4s).
			assertThat(pipe.closedByServer(Duration.ofSeconds(30))).isTrue();
		}
		AccessLog.Line line = AccessLog.awaitLine(output, "/ws/long.sh");
		assertThat(line.get("outcome")).isEqualTo("timeout");
		assertThat(Double.parseDouble(line.get("duration_ms"))).isGreaterThanOrEqualTo(4000);
	}

	private String handshake(String path) {
		return TakeoverScripts.handshake(this.port, path, "");
	}

}
