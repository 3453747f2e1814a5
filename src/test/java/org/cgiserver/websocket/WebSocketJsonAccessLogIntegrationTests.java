package org.cgiserver.websocket;

import org.cgiserver.support.AccessLog;
import org.cgiserver.support.TestSite;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code cgi.access-log-format=json}, a session's access-log line is a JSON object
 * too, so that a JSON log stays readable line by line.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class WebSocketJsonAccessLogIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/ws/echo.sh", "while read l; do echo \"$l\"; done\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).prefix("/ws", "websocket=text").set("cgi.access-log-format", "json");
	}

	@LocalServerPort
	int port;

	@Test
	void sessionLineIsAJsonObjectWithItsCounts(CapturedOutput output) throws InterruptedException {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/echo.sh")) {
			socket.send("ping");
			assertThat(socket.text()).isEqualTo("ping");
			socket.send("pong");
			assertThat(socket.text()).isEqualTo("pong");
		}
		JsonNode line = JsonMapper.builder().build().readTree(AccessLog.awaitMessage(output, "\"websocket\":\"text\""));
		assertThat(line.get("path").asString()).isEqualTo("/ws/echo.sh");
		assertThat(line.get("status").asInt()).isEqualTo(101);
		assertThat(line.get("outcome").asString()).isEqualTo("client");
		assertThat(line.get("close_code").asInt()).isEqualTo(1000);
		assertThat(line.get("messages_in").asLong()).isEqualTo(2);
		assertThat(line.get("messages_out").asLong()).isEqualTo(2);
		assertThat(line.get("bytes_in").asLong()).isEqualTo(8);
		assertThat(line.get("duration_ms").asLong()).isNotNegative();
	}

}
