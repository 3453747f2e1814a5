package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that keep sending over connections taken over by scripts that never read hold
 * none of the server's request threads: more such connections than the server has threads
 * leave it answering others.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConnectionUpgradeNotReadingIntegrationTests {

	private static final int THREADS = 4;

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/raw/deaf.sh", "printf 'Status: 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\n"
				+ "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\\r\\n\\r\\n'\nexec sleep 1000\n");
		site.file("www/index.html", "still here");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/raw", "upgrade=true")
			.set("server.tomcat.threads.max", THREADS)
			.set("server.tomcat.threads.min-spare", 1);
	}

	@LocalServerPort
	int port;

	private final List<Socket> sockets = new ArrayList<>();

	@AfterEach
	void closeSockets() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	@Test
	void connectionsFloodingDeafScriptsLeaveTheServerAnswering() throws IOException {
		for (int i = 0; i < THREADS + 2; i++) {
			Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
			this.sockets.add(socket);
			socket.getOutputStream()
				.write(("GET /raw/deaf.sh HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
						+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			socket.setSoTimeout(20_000);
			InputStream in = socket.getInputStream();
			assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
			OutputStream out = socket.getOutputStream();
			// Far more than the script's input holds (64 KB): its sender is held back.
			CompletableFuture.runAsync(() -> {
				try {
					byte[] chunk = new byte[16384];
					for (int sent = 0; sent < 64; sent++) {
						out.write(chunk);
					}
				}
				catch (IOException ex) {
					// Closed by the test's end.
				}
			});
		}
		assertThat(new Http(this.port).get("/index.html").body()).isEqualTo("still here");
	}

}
