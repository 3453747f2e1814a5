package org.cgiserver.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.cgiserver.support.AccessLog;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.HeadlessChromium;
import org.cgiserver.support.Http;
import org.cgiserver.support.Programs;
import org.cgiserver.support.StreamedResponse;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A prefix marked {@code websocket} runs its scripts the websocketd way: one run per
 * connection, messages as lines of stdin and stdout (text) or as raw reads (binary).
 * websocketd's example scripts run unchanged, with real clients: the JDK's, Python's
 * {@code websockets} and Chromium's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class WebSocketScriptsIntegrationTests {

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		// websocketd's examples, as its README and examples/bash have them.
		site.script("www/ws/count.sh",
				"#!/bin/bash\n# Count from 1 to 10 with a sleep\nfor ((COUNT = 1; COUNT <= 10; COUNT++)); do\n"
						+ "  echo $COUNT\n  sleep 0.5\ndone\n");
		site.script("www/ws/greeter.sh", "#!/bin/bash\n# For each line FOO received on STDIN, respond with "
				+ "\"Hello FOO!\".\nwhile read LINE; do\n  echo \"Hello $LINE!\"\ndone\n");
		site.sh("www/ws/echo.sh", "while read l; do echo \"$l\"; done\n");
		site.sh("www/ws/once.sh", "while read l; do echo \"$l\"; done\n");
		site.sh("www/ws/env.sh", "for name in REMOTE_ADDR PATH_INFO QUERY_STRING SCRIPT_NAME REQUEST_METHOD "
				+ "HTTP_X_TRACE SERVER_PROTOCOL; do eval echo \"$name=\\$$name\"; done\n");
		// Outlives cgi.timeout (1s) before it answers.
		site.sh("www/ws/late.sh", "sleep 2\necho late\n");
		site.sh("www/ws/complains.sh", "echo 'disk on fire' >&2\necho done\n");
		site.sh("www/ws/fails.sh", "echo bye\nexit 3\n");
		// Ignores the end of its input: the session's close must stop it.
		site.sh("www/ws/stubborn.sh", "trap 'exit 7' TERM\necho ready\nwhile :; do sleep 0.1; done\n");
		site.sh("www/wsb/cat.sh", "exec cat\n");
		// The examples shipped in www/, as a browser meets them.
		for (String example : List.of("www/live/count.sh", "www/live/greeter.sh", "www/live.html")) {
			try {
				site.file(example, Files.readAllBytes(Path.of(example)),
						example.endsWith(".sh") ? "rwxr-xr-x" : "rw-r--r--");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("The example " + example + " is missing", ex);
			}
		}
		site.sh("www/cgi-bin/plain.sh", "printf 'Content-Type: text/plain\\n\\nplain cgi'\n");
		site.file("www/page.html", "<!doctype html><title>ws</title><script>\n"
				+ "window.got = [];\nconst ws = new WebSocket('ws://' + location.host + '/ws/greeter.sh');\n"
				+ "ws.onopen = () => { ws.send('Chromium'); ws.send('world'); };\n"
				+ "ws.onmessage = (e) => window.got.push(e.data);\n</script>\n");
		site.file("client.py", """
				import asyncio, sys, websockets
				async def main():
				    uri, expect, *lines = sys.argv[1:]
				    async with websockets.connect(uri) as ws:
				        for line in lines:
				            await ws.send(line)
				        if expect == "all":
				            try:
				                async for message in ws:
				                    print(message, flush=True)
				            except websockets.ConnectionClosed:
				                pass
				            print("close", ws.close_code)
				        else:
				            for _ in range(int(expect)):
				                print(await ws.recv(), flush=True)
				asyncio.run(asyncio.wait_for(main(), 30))
				""");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/ws", "websocket=text")
			.prefix("/wsb", "websocket=binary")
			.prefix("/live", "websocket=text")
			.prefix("/cgi-bin")
			.set("cgi.timeout", "1s")
			.set("cgi.kill-grace", "5s");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void counterSendsEachLineAsAMessageThenCloses() {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/count.sh")) {
			assertThat(socket.rest()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
			assertThat(socket.closed().code()).isEqualTo(1000);
		}
	}

	@Test
	void greeterAnswersEachLine() throws InterruptedException {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/greeter.sh")) {
			socket.send("Alice");
			assertThat(socket.text()).isEqualTo("Hello Alice!");
			socket.send("Bob");
			assertThat(socket.text()).isEqualTo("Hello Bob!");
		}
	}

	@Test
	void echoShellEndsWhenTheClientCloses(CapturedOutput output) throws InterruptedException {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/echo.sh?session=echo")) {
			for (String line : List.of("one", "two words", "ünïcode ✓")) {
				socket.send(line);
				assertThat(socket.text()).isEqualTo(line);
			}
		}
		String line = AccessLog.awaitMessage(output, "messages_in=3 ");
		assertThat(line).startsWith("method=GET path=/ws/echo.sh status=101 duration_ms=")
			.contains("script=/ws/echo.sh websocket=text outcome=client close_code=1000")
			.contains("messages_out=3 ").contains(" exit=0");
	}

	/** A session has one access-log line, its own, not one for its handshake besides. */
	@Test
	void aSessionHasOneAccessLogLine(CapturedOutput output) throws InterruptedException {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/once.sh")) {
			socket.send("once");
			assertThat(socket.text()).isEqualTo("once");
		}
		AccessLog.awaitMessage(output, "path=/ws/once.sh status=101");
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> AccessLog.lines(output, "/ws/once.sh").stream().anyMatch((line) -> line.get("messages_in") != null));
		assertThat(AccessLog.lines(output, "/ws/once.sh")).singleElement()
			.satisfies((line) -> assertThat(line.get("messages_in")).isEqualTo("1"));
	}

	/**
	 * The operator's report counts every session: opened, closed by reason, and its
	 * messages and bytes each way.
	 */
	@Test
	void theCgiEndpointCountsSessionsAndTheirMessages() throws InterruptedException {
		Actuator actuator = new Actuator(this.managementPort);
		JsonNode before = actuator.cgi().path("websocket");
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/echo.sh?session=counted")) {
			socket.send("ping");
			assertThat(socket.text()).isEqualTo("ping");
			socket.send("pong!");
			assertThat(socket.text()).isEqualTo("pong!");
			assertThat(actuator.cgi().path("websocket").path("open").asInt()).isPositive();
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> actuator.cgi().path("websocket").path("closed").path("client").asLong() > before.path("closed")
				.path("client")
				.asLong());
		JsonNode after = actuator.cgi().path("websocket");
		assertThat(after.path("opened").asLong()).isGreaterThan(before.path("opened").asLong());
		assertThat(after.path("messagesIn").asLong() - before.path("messagesIn").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(after.path("messagesOut").asLong() - before.path("messagesOut").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(after.path("bytesIn").asLong() - before.path("bytesIn").asLong()).isGreaterThanOrEqualTo(9);
		assertThat(after.path("max").asInt()).isPositive();
	}

	@Test
	void scriptGetsTheEnvironmentOfItsHandshake() {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/env.sh/some/path?a=1&b=2",
				Map.of("X-Trace", "abc"))) {
			assertThat(socket.rest()).containsExactly("REMOTE_ADDR=127.0.0.1", "PATH_INFO=/some/path",
					"QUERY_STRING=a=1&b=2", "SCRIPT_NAME=/ws/env.sh", "REQUEST_METHOD=GET", "HTTP_X_TRACE=abc",
					"SERVER_PROTOCOL=HTTP/1.1");
		}
	}

	@Test
	void sessionIsNotCutByTheCgiTimeout() {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/late.sh")) {
			assertThat(socket.rest()).containsExactly("late");
			assertThat(socket.closed().code()).isEqualTo(1000);
		}
	}

	@Test
	void scriptThatFailsClosesWith1011(CapturedOutput output) {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/fails.sh")) {
			assertThat(socket.rest()).containsExactly("bye");
			assertThat(socket.closed().code()).isEqualTo(1011);
		}
		assertThat(AccessLog.awaitMessage(output, "script=/ws/fails.sh")).contains("outcome=script-failed")
			.contains("exit=3");
	}

	@Test
	void standardErrorGoesToTheLog(CapturedOutput output) {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/complains.sh")) {
			assertThat(socket.rest()).containsExactly("done");
		}
		assertThat(output).contains("disk on fire");
	}

	@Test
	void clientCloseClosesStdinThenTerminatesTheScript(CapturedOutput output) throws InterruptedException {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/stubborn.sh")) {
			assertThat(socket.text()).isEqualTo("ready");
		}
		assertThat(AccessLog.awaitMessage(output, "script=/ws/stubborn.sh")).contains("outcome=client")
			.as("its TERM trap ran").contains(" exit=7");
	}

	@Test
	void binaryModePassesBytesBothWays() throws InterruptedException {
		byte[] data = new byte[] { 0, 1, 2, (byte) 0xff, '\n', 'x' };
		try (JdkSocket socket = JdkSocket.open(this.port, "/wsb/cat.sh")) {
			socket.send(data);
			assertThat(socket.binary()).isEqualTo(data);
		}
	}

	@Test
	void messagesLargerThanThePartsTheContainerHoldsReachTheScriptWhole() throws InterruptedException {
		// The container hands over 1,024 characters a part: the first part's last character
		// would be the first half of a surrogate pair.
		String line = "x".repeat(1023) + "😀é€".repeat(700);
		byte[] data = new byte[5000];
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) (i * 7);
		}
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/echo.sh")) {
			socket.send(line);
			assertThat(socket.text()).isEqualTo(line);
			socket.sendFragments("in ", "three ", "frames");
			assertThat(socket.text()).isEqualTo("in three frames");
		}
		try (JdkSocket socket = JdkSocket.open(this.port, "/wsb/cat.sh")) {
			socket.send(data);
			ByteArrayOutputStream echoed = new ByteArrayOutputStream();
			while (echoed.size() < data.length) {
				echoed.writeBytes(socket.binary());
			}
			assertThat(echoed.toByteArray()).isEqualTo(data);
		}
	}

	@Test
	void binaryMessageToATextScriptCloses1003() throws InterruptedException {
		try (JdkSocket socket = JdkSocket.open(this.port, "/ws/echo.sh")) {
			socket.send(new byte[] { 1, 2 });
			assertThat(socket.closed().code()).isEqualTo(1003);
		}
	}

	@Test
	void aClientThatNeverAnswersTheServersCloseLosesItsConnectionSoon() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /ws/echo.sh HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			assertThat(StreamedResponse.readHead(in)).startsWith("HTTP/1.1 101");
			// A masked binary frame of two bytes, which a text script refuses: the server closes.
			out.write(new byte[] { (byte) 0x82, (byte) 0x82, 1, 2, 3, 4, 1 ^ 1, 2 ^ 2 });
			assertThat(in.read() & 0x0f).as("a close frame").isEqualTo(0x8);
			long start = System.nanoTime();
			// Its close is never answered; Tomcat would wait 30 s, and look every 10 s.
			while (in.read() >= 0) {
				// The rest of the close frame.
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.isLessThan(ScriptSocketHandler.CLOSE_TIMEOUT.plusSeconds(11));
		}
	}

	@Test
	void plainRequestToAWebSocketPrefixIsNoScriptRun() {
		HttpResponse<String> response = new Http(this.port).get("/ws/echo.sh");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(new Http(this.port).get("/ws/missing.sh").statusCode()).isEqualTo(404);
		assertThat(new Http(this.port).get("/cgi-bin/plain.sh").body()).isEqualTo("plain cgi");
	}

	@Test
	void pythonWebsocketsClientTalksToTheScripts() {
		assumeTrue(python(), "needs Debian's python3-websockets (.ci/run installs it)");
		String base = "ws://127.0.0.1:" + this.port;
		Programs.Result echo = Programs.run(List.of(PYTHON.toString(), site.path("client.py").toString(),
				base + "/ws/echo.sh", "2", "first", "second"));
		assertThat(echo.output()).as(echo.toString()).isEqualTo("first\nsecond\n");
		Programs.Result count = Programs.run(
				List.of(PYTHON.toString(), site.path("client.py").toString(), base + "/ws/count.sh", "all"));
		assertThat(count.output()).as(count.toString()).isEqualTo("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nclose 1000\n");
	}

	@Test
	void chromiumTalksToTheGreeter() throws Exception {
		assumeTrue(HeadlessChromium.program() != null, "needs Debian's chromium package (.ci/run installs it)");
		try (HeadlessChromium browser = HeadlessChromium.start(800, 600)) {
			browser.open("http://127.0.0.1:" + this.port + "/page.html");
			browser.awaitTrue("window.got && window.got.length === 2");
			assertThat(browser.evaluate("window.got.join('|')").asString()).isEqualTo("Hello Chromium!|Hello world!");
		}
	}

	/** The demo page shipped in www/ counts and greets in a real browser. */
	@Test
	void theShippedDemoPageCountsAndGreets() throws Exception {
		assumeTrue(HeadlessChromium.program() != null, "needs Debian's chromium package (.ci/run installs it)");
		try (HeadlessChromium browser = HeadlessChromium.start(800, 600)) {
			browser.open("http://127.0.0.1:" + this.port + "/live.html");
			browser.awaitTrue("window.live && window.live.counts.length >= 2");
			assertThat(browser.evaluate("window.live.counts.slice(0, 2).join('|')").asString()).isEqualTo("1|2");
			browser.awaitTrue("document.getElementById('greeter-state').textContent === 'open'");
			browser.evaluate("document.getElementById('greet').requestSubmit(), true");
			browser.awaitTrue("window.live.greetings.length === 1");
			assertThat(browser.evaluate("window.live.greetings[0]").asString()).isEqualTo("Hello, world!");
		}
	}

	private static boolean python() {
		return Programs.run(List.of(PYTHON.toString(), "-c", "import websockets")).status() == 0;
	}

}
