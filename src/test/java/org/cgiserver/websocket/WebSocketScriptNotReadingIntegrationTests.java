package org.cgiserver.websocket;

import java.util.ArrayList;
import java.util.List;

import org.cgiserver.support.Http;
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
 * Clients that send to scripts that never read hold none of the server's request
 * threads: more such sessions than the server has threads leave it answering others.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebSocketScriptNotReadingIntegrationTests {

	private static final int THREADS = 4;

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/ws/deaf.sh", "echo ready\nexec sleep 1000\n");
		site.file("www/index.html", "still here");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/ws", "websocket=text")
			.set("server.tomcat.threads.max", THREADS)
			.set("server.tomcat.threads.min-spare", 1);
	}

	@LocalServerPort
	int port;

	@Test
	void sessionsFloodingDeafScriptsLeaveTheServerAnswering() throws InterruptedException {
		// Left open: their sends never end, and the server's shutdown closes them.
		List<JdkSocket> sockets = new ArrayList<>();
		for (int i = 0; i < THREADS + 2; i++) {
			JdkSocket socket = JdkSocket.open(this.port, "/ws/deaf.sh");
			sockets.add(socket);
			assertThat(socket.text()).isEqualTo("ready");
			// Far more than a pipe holds (64 KB): the script's input is full.
			socket.flood("z".repeat(7000), 40);
		}
		assertThat(new Http(this.port).get("/index.html").body()).isEqualTo("still here");
		assertThat(sockets).hasSize(THREADS + 2);
	}

}
