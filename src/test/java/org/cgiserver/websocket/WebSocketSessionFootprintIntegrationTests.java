package org.cgiserver.websocket;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What an open WebSocket session costs the server. Idle sessions hold no platform thread:
 * their scripts' output and error are waited for by virtual threads that an epoll poller
 * wakes, and their exits through a pidfd (or the spawn helper's reports); the Java 22
 * part of the jar does this, before Java 22 the JDK's pipes hold a thread per stream.
 * And no session compresses its messages, which would hold a zlib compressor each.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebSocketSessionFootprintIntegrationTests {

	private static final int SESSIONS = 40;

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/ws/echo.sh", "while read l; do echo \"$l\"; done\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).prefix("/ws", "websocket=text").set("cgi.websocket.max-sessions", "100");
	}

	@LocalServerPort
	int port;

	@Test
	void idleSessionsHoldNoPlatformThreadAndStillAnswer() throws InterruptedException {
		assumeTrue(Runtime.version().feature() >= 22, "the pipes are polled by the jar's Java 22 part");
		// The client's own threads are shared by every session: one selector, callbacks run on it.
		HttpClient client = HttpClient.newBuilder().executor(Runnable::run).build();
		try (JdkSocket warm = JdkSocket.open(client, this.port, "/ws/echo.sh")) {
			warm.send("warm");
			assertThat(warm.text()).isEqualTo("warm");
		}
		int before = platformThreads();
		List<JdkSocket> sessions = new ArrayList<>();
		try {
			for (int i = 0; i < SESSIONS; i++) {
				JdkSocket session = JdkSocket.open(client, this.port, "/ws/echo.sh");
				sessions.add(session);
				session.send("first " + i);
				assertThat(session.text()).isEqualTo("first " + i);
			}
			int idle = platformThreads();
			assertThat(idle - before).as("platform threads added by %d idle sessions", SESSIONS)
				.isLessThan(SESSIONS / 4);
			for (int i = 0; i < SESSIONS; i++) {
				sessions.get(i).send("again " + i);
				assertThat(sessions.get(i).text()).isEqualTo("again " + i);
			}
		}
		finally {
			sessions.forEach(JdkSocket::close);
		}
	}

	@Test
	void compressionOfferedByTheClientIsNotTakenUp() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			socket.getOutputStream()
				.write(("GET /ws/echo.sh HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
						+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
						+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
						+ "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String head = StreamedResponse.readHead(socket.getInputStream());
			assertThat(head).startsWith("HTTP/1.1 101");
			assertThat(head.toLowerCase(Locale.ROOT)).doesNotContain("sec-websocket-extensions");
		}
	}

	private static int platformThreads() {
		// Virtual threads are not counted here.
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

}
