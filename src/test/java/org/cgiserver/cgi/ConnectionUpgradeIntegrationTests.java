package org.cgiserver.cgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cgiserver.support.AccessLog;
import org.cgiserver.support.Curl;
import org.cgiserver.support.Pids;
import org.cgiserver.support.Programs;
import org.cgiserver.support.PythonWebsockets;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts that take over their connection with a 101, as lighttpd's {@code cgi.upgrade}
 * lets them: under a prefix with {@code upgrade: true} only, behind the logins and
 * access rules, from the page's own origin or a configured one, as a byte pipe not cut
 * by the timeout, and ended with their processes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ConnectionUpgradeIntegrationTests {

	private static final String SWITCH = TakeoverScripts.SWITCH;

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.writableFolder("run");
		site.script("www/ws/echo.py", read(Path.of("www/ws/echo.py")));
		// The environment, then whatever comes in goes back out; its pid and its child's are kept.
		site.sh("www/ws/cat.sh", SWITCH + "printf 'upgrade=%s connection=%s key=%s version=%s\\n' \"$HTTP_UPGRADE\" "
				+ "\"$HTTP_CONNECTION\" \"$HTTP_SEC_WEBSOCKET_KEY\" \"$HTTP_SEC_WEBSOCKET_VERSION\"\n"
				+ "sleep 300 & echo $! >> " + site.path("run/pids") + "\necho $$ >> " + site.path("run/pids") + "\nexec cat\n");
		site.sh("www/ws/bye.sh", SWITCH + "printf 'bye'\n");
		site.sh("www/ws/plain.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\nno upgrade here'\n");
		site.sh("www/ws/no-accept.sh", "printf 'Status: 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\n\\r\\n'\n"
				+ "exec cat\n");
		site.sh("www/ws/early.sh", "printf 'Status: 103 Early Hints\\r\\nUpgrade: websocket\\r\\n"
				+ "Sec-WebSocket-Accept: x\\r\\n\\r\\n'\nexec cat\n");
		site.sh("www/ws/private.sh", SWITCH + "printf 'user=%s\\n' \"$REMOTE_USER\"\nexec cat\n");
		site.sh("www/ws/office.sh", SWITCH + "exec cat\n");
		site.sh("www/ws/other.sh", "printf 'Status: 101 Switching Protocols\\r\\nUpgrade: h2c\\r\\n"
				+ "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\\r\\n\\r\\n'\nexec cat\n");
		site.sh("www/cgi-bin/switch.sh", SWITCH + "exec cat\n");
		site.file("htpasswd", Users.file(Users.ALICE));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/ws", "upgrade=true", "timeout=1s", "origins[0]=https://app.example.org")
			.prefix("/cgi-bin")
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.max-failures", "0")
			.set("cgi.auth.rules[0].path", "/ws/private.sh/**")
			.set("cgi.auth.rules[0].users", "alice")
			.set("cgi.auth.rules[1].path", "/ws/office.sh/**")
			.set("cgi.auth.rules[1].allow-from", "10.0.0.0/8");
	}

	@LocalServerPort
	int port;

	@Test
	void aScriptThatSpeaksWebSocketItselfEchoesAPythonClient() {
		PythonWebsockets.assumeInstalled();
		Programs.Result result = PythonWebsockets.talk("ws://127.0.0.1:" + this.port + "/ws/echo.py", null);
		assertThat(result.status()).as(result.toString()).isZero();
		assertThat(result.output()).contains("text hello\n", "binary 0001feff\n", "large 70000\n", "pong\n",
				"closed 1000 promptly\n");
	}

	@Test
	void theConnectionIsAPipeWithTheHandshakeHeadersInTheEnvironmentNotCutByTheTimeout(CapturedOutput output)
			throws InterruptedException {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			RawHttp.Response switched = connection.write(handshake("/ws/cat.sh", "")).read();
			assertThat(switched.status()).isEqualTo(101);
			assertThat(switched.header("Upgrade")).isEqualTo("websocket");
			assertThat(switched.header("Connection")).isEqualToIgnoringCase("upgrade");
			assertThat(switched.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
			String environment = "upgrade=websocket connection=Upgrade key=dGhlIHNhbXBsZSBub25jZQ== version=13\n";
			assertThat(new String(connection.readNBytes(environment.length()), StandardCharsets.ISO_8859_1))
				.isEqualTo(environment);
			byte[] bytes = new byte[256];
			for (int i = 0; i < bytes.length; i++) {
				bytes[i] = (byte) i;
			}
			assertThat(connection.write(bytes).readNBytes(bytes.length)).isEqualTo(bytes);
			// The prefix's timeout is 1s: a session outlives it.
			Thread.sleep(2500);
			assertThat(connection.write("still here\r\n").readNBytes(12)).asString().isEqualTo("still here\r\n");
		}
		List<Long> pids = Pids.await(site.path("run/pids"), 2);
		// The client left: the script and its child end, and the session has one line.
		Pids.awaitGone(pids);
		AccessLog.Line line = AccessLog.awaitLine(output, "/ws/cat.sh");
		assertThat(line.status()).isEqualTo(101);
		assertThat(Double.parseDouble(line.get("duration_ms"))).isGreaterThanOrEqualTo(2500);
		assertThat(line.get("outcome")).isEqualTo("aborted");
	}

	@Test
	void whenTheScriptEndsTheServerClosesTheConnection() {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			assertThat(connection.write(handshake("/ws/bye.sh", "")).read().status()).isEqualTo(101);
			assertThat(connection.readUntilClosed(Duration.ofSeconds(10))).asString().isEqualTo("bye");
		}
	}

	@Test
	void aScriptThatAnswersAnUpgradeRequestWithAnythingButA101GivesANormalResponse() {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			RawHttp.Response response = connection.exchange(handshake("/ws/plain.sh", ""));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("no upgrade here");
			// The connection stays a plain HTTP one.
			assertThat(connection.get("/ws/plain.sh").body()).isEqualTo("no upgrade here");
		}
	}

	@Test
	void a101FromAPrefixWithoutUpgradeIsAMalformedResponse() {
		assertThat(curlHandshake("/cgi-bin/switch.sh").status()).isEqualTo(502);
	}

	@Test
	void a101WithoutSecWebSocketAcceptIsAMalformedResponse() {
		assertThat(curlHandshake("/ws/no-accept.sh").status()).isEqualTo(502);
	}

	@Test
	void a101ToAProtocolTheClientDidNotAskForIsAMalformedResponse() {
		assertThat(curlHandshake("/ws/other.sh").status()).isEqualTo(502);
	}

	@Test
	void anyOther1xxIsAMalformedResponseEvenWhereUpgradeIsAllowed() {
		assertThat(curlHandshake("/ws/early.sh").status()).isEqualTo(502);
	}

	@Test
	void a101ToARequestWithoutUpgradeIsAMalformedResponse() {
		assertThat(new Curl(this.port).fetch("/ws/cat.sh", "--max-time", "10").status()).isEqualTo(502);
		// A handshake has no body: one with a body is no upgrade request.
		assertThat(curlHandshake("/ws/cat.sh", "--data", "x=1").status()).isEqualTo(502);
	}

	@Test
	void theLoginRuleOfTheScriptHoldsForUpgradeRequestsAndPathVariants() {
		for (String path : List.of("/ws/private.sh", "/ws/private.sh/x", "/ws//private.sh", "/ws/./private.sh",
				"/ws/%70rivate.sh")) {
			Curl.Fetched refused = curlHandshake(path);
			assertThat(refused.status()).as(path).isEqualTo(401);
			assertThat(refused.header("www-authenticate")).as(path).startsWith("Basic");
		}
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			RawHttp.Response switched = connection
				.write(handshake("/ws/private.sh/x", "Authorization: " + Users.basic("alice", "alice-secret") + "\r\n"))
				.read();
			assertThat(switched.status()).isEqualTo(101);
			assertThat(connection.readNBytes(11)).asString().isEqualTo("user=alice\n");
		}
	}

	@Test
	void anAccessRuleHoldsForUpgradeRequests() {
		for (String path : List.of("/ws/office.sh", "/ws/office.sh/x", "/ws//office.sh")) {
			assertThat(curlHandshake(path).status()).as(path).isEqualTo(403);
		}
	}

	@Test
	void aPageOfAnotherSiteCannotOpenAConnection() {
		assertThat(curlHandshake("/ws/cat.sh", "-H", "Origin: https://evil.example").status()).isEqualTo(403);
		assertThat(curlHandshake("/ws/cat.sh", "-H", "Origin: http://127.0.0.1:" + (this.port + 1)).status())
			.isEqualTo(403);
	}

	@Test
	void thePagesOwnOriginAndConfiguredOnesMayOpenAConnection() {
		for (String origin : List.of("http://127.0.0.1:" + this.port, "https://APP.example.org:443")) {
			try (RawHttp.Connection connection = RawHttp.open(this.port)) {
				assertThat(connection.write(handshake("/ws/bye.sh", "Origin: " + origin + "\r\n")).read().status())
					.as(origin)
					.isEqualTo(101);
			}
		}
	}

	private Curl.Fetched curlHandshake(String path, String... more) {
		List<String> options = new ArrayList<>(List.of("--path-as-is", "--max-time", "10", "-H",
				"Connection: Upgrade", "-H", "Upgrade: websocket", "-H", "Sec-WebSocket-Version: 13", "-H",
				"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="));
		options.addAll(List.of(more));
		return new Curl(this.port).fetch(path, options.toArray(String[]::new));
	}

	private String handshake(String path, String moreHeaders) {
		return TakeoverScripts.handshake(this.port, path, moreHeaders);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
