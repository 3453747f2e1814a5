package org.cgiserver.cgi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cgiserver.support.AccessLog;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.EventStreamClient;
import org.cgiserver.support.HeadlessChromium;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.Programs;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Scripts that answer with Server-Sent Events: each event reaches the client as the
 * script writes it, uncompressed, past {@code cgi.timeout}, until the script ends, the
 * client leaves or a limit of the event stream ends it; with a raw client, curl and
 * Chromium's EventSource. The server compresses what it can and looks for precompressed
 * siblings, so that neither is seen to touch an event stream.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class EventStreamIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	/** Each event waits for the test to have read the one before: none can arrive late together. */
	static final String GATED = """
			#!/bin/sh
			printf 'Content-Type: text/event-stream\\r\\n\\r\\n'
			for n in 1 2 3; do
			  printf 'data: event %s\\n\\n' "$n"
			  while [ ! -e "$GATES/$QUERY_STRING-$n" ]; do sleep 0.02; done
			done
			# Past cgi.timeout, which does not apply to an event stream.
			sleep 1.5
			printf 'data: done\\n\\n'
			""";

	static {
		site.writableFolder("pids");
		site.writableFolder("gates");
		site.script("www/cgi-bin/gated.sh", GATED);
		// A precompressed sibling is for static files; a script is run, whatever lies beside it.
		site.file("www/cgi-bin/gated.sh.gz", "not the answer");
		site.script("www/cgi-bin/leaving.sh", """
				#!/bin/sh
				sleep 1000 &
				echo $! >> "$PIDS/leaving"
				echo $$ >> "$PIDS/leaving"
				printf 'Content-Type: text/event-stream\\r\\n\\r\\n'
				while :; do printf 'data: tick\\n\\n'; sleep 0.2; done
				""");
		site.script("www/cgi-bin/endless.sh", """
				#!/bin/sh
				printf 'Content-Type: text/event-stream\\r\\n\\r\\n'
				while :; do printf 'data: tick\\n\\n'; sleep 0.2; done
				""");
		site.script("www/cgi-bin/members/hello.sh", """
				#!/bin/sh
				printf 'Content-Type: text/event-stream\\r\\n\\r\\n'
				for n in 1 2 3 4 5 6; do printf 'data: %s for %s\\n\\n' "$n" "$REMOTE_USER"; sleep 0.3; done
				""");
		site.script("www/quiet/silent.sh", """
				#!/bin/sh
				sleep 1000 &
				echo $! >> "$PIDS/silent"
				echo $$ >> "$PIDS/silent"
				printf 'Content-Type: text/event-stream\\r\\n\\r\\ndata: hello\\n\\n'
				wait
				""");
		site.script("www/short/ticker.sh", """
				#!/bin/sh
				sleep 1000 &
				echo $! >> "$PIDS/ticker"
				echo $$ >> "$PIDS/ticker"
				printf 'Content-Type: text/event-stream\\r\\n\\r\\n'
				while :; do printf 'data: tick\\n\\n'; sleep 0.2; done
				""");
		// The example shipped in www/, as a browser and curl meet it.
		copy("www/cgi-bin/clock.sh", "rwxr-xr-x");
		copy("www/clock.html", "rw-r--r--");
		site.file("htpasswd", Users.file(Users.ALICE));
		site.file("www/notes.txt", "compressible text\n".repeat(200));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.env("PIDS", site.path("pids"))
			.env("GATES", site.path("gates"))
			// Far shorter than any stream here: none of them may be cut by it.
			.set("cgi.timeout", "1s")
			.prefix("/cgi-bin")
			.prefix("/quiet", "event-stream.idle-timeout=1s")
			.prefix("/short", "event-stream.max-duration=2s")
			.set("server.compression.enabled", "true")
			.set("server.compression.mime-types", "text/event-stream,text/plain")
			.set("server.compression.min-response-size", "1B")
			.set("cgi.precompressed", "true")
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.realm", "Members")
			.set("cgi.auth.rules[0].path", "/cgi-bin/members/**")
			.set("cgi.auth.rules[0].users", "*");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void eachEventArrivesAsTheScriptWritesIt() throws IOException {
		try (EventStreamClient events = EventStreamClient.open(this.port, "/cgi-bin/gated.sh?one-by-one")) {
			assertThat(events.status()).isEqualTo(200);
			assertThat(events.header("Content-Type")).startsWith("text/event-stream");
			// nginx in front passes it on as it comes too.
			assertThat(events.header("X-Accel-Buffering")).isEqualTo("no");
			for (int n = 1; n <= 3; n++) {
				assertThat(events.next()).isEqualTo("data: event " + n);
				Files.createFile(site.path("gates/one-by-one-" + n));
			}
			assertThat(events.rest()).containsExactly("data: done");
		}
	}

	@Test
	void eventsAreNeverCompressedForAClientThatAcceptsGzip() throws IOException {
		try (EventStreamClient events = EventStreamClient.open(this.port, "/cgi-bin/gated.sh?gzip",
				"Accept-Encoding: gzip, br")) {
			assertThat(events.status()).isEqualTo(200);
			assertThat(events.header("Content-Encoding")).isNull();
			assertThat(events.header("Content-Type")).startsWith("text/event-stream");
			for (int n = 1; n <= 3; n++) {
				assertThat(events.next()).isEqualTo("data: event " + n);
				Files.createFile(site.path("gates/gzip-" + n));
			}
			assertThat(events.rest()).containsExactly("data: done");
		}
		// The same server compresses what it may.
		Http http = new Http(this.port);
		HttpResponse<byte[]> notes = http.send(http.request("/notes.txt").header("Accept-Encoding", "gzip").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(notes.headers().firstValue("Content-Encoding")).hasValue("gzip");
	}

	@Test
	void idleLimitEndsASilentStreamAndItsProcesses(CapturedOutput output) {
		List<String> events;
		try (EventStreamClient client = EventStreamClient.open(this.port, "/quiet/silent.sh")) {
			events = client.rest();
		}
		assertThat(events).containsExactly("data: hello");
		Pids.awaitGone(Pids.await(site.path("pids/silent"), 2));
		assertThat(output).contains("CGI script /quiet/silent.sh: event stream ended by its idle limit "
				+ "(no output for PT1S)");
		JsonNode run = run("/quiet/silent.sh");
		assertThat(run.get("outcome").asString()).isEqualTo("timeout");
		assertThat(run.get("reason").asString()).isEqualTo("event stream wrote nothing within its idle limit");
		assertThat(run.get("status").asInt()).isEqualTo(200);
	}

	@Test
	void maximumDurationEndsABusyStreamAndItsProcesses(CapturedOutput output) {
		List<String> events;
		try (EventStreamClient client = EventStreamClient.open(this.port, "/short/ticker.sh")) {
			events = client.rest();
		}
		// An event each 0.2s for 2s: well past cgi.timeout.
		assertThat(events).hasSizeGreaterThan(6).containsOnly("data: tick");
		Pids.awaitGone(Pids.await(site.path("pids/ticker"), 2));
		assertThat(output).contains("CGI script /short/ticker.sh: event stream ended by its maximum duration (PT2S)");
		JsonNode run = run("/short/ticker.sh");
		assertThat(run.get("outcome").asString()).isEqualTo("timeout");
		assertThat(run.get("reason").asString()).isEqualTo("event stream reached its maximum duration");
		AccessLog.Line line = AccessLog.awaitLine(output, "/short/ticker.sh");
		assertThat(line.status()).isEqualTo(200);
		assertThat(line.get("outcome")).isEqualTo("timeout");
	}

	@Test
	void clientThatLeavesStopsTheScriptsWholeTree() {
		List<Long> tree;
		try (EventStreamClient events = EventStreamClient.open(this.port, "/cgi-bin/leaving.sh")) {
			assertThat(events.next()).isEqualTo("data: tick");
			assertThat(events.next()).isEqualTo("data: tick");
			tree = Pids.await(site.path("pids/leaving"), 2);
		}
		Pids.awaitGone(tree, Duration.ofSeconds(5));
		assertThat(run("/cgi-bin/leaving.sh").get("outcome").asString()).isEqualTo("aborted");
	}

	@Test
	void headRequestGetsTheHeadAtOnceAndStopsTheScript() {
		RawHttp.Response response = RawHttp.send(this.port,
				"HEAD /cgi-bin/endless.sh HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("text/event-stream");
		assertThat(response.rawBody()).isEmpty();
		JsonNode run = run("/cgi-bin/endless.sh");
		assertThat(run.get("outcome").asString()).isEqualTo("success");
		assertThat(run.get("method").asString()).isEqualTo("HEAD");
	}

	@Test
	void loginRuleHoldsForAnEventStream() {
		try (EventStreamClient stranger = EventStreamClient.open(this.port, "/cgi-bin/members/hello.sh")) {
			assertThat(stranger.status()).isEqualTo(401);
			assertThat(stranger.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Members\", charset=\"UTF-8\"");
		}
		try (EventStreamClient member = EventStreamClient.open(this.port, "/cgi-bin/members/hello.sh",
				"Authorization: " + Users.basic("alice", "alice-secret"))) {
			assertThat(member.status()).isEqualTo(200);
			assertThat(member.rest()).containsExactly("data: 1 for alice", "data: 2 for alice", "data: 3 for alice",
					"data: 4 for alice", "data: 5 for alice", "data: 6 for alice");
		}
	}

	@Test
	void curlWithoutBufferingGetsTheExampleClocksEventsOneByOne() throws Exception {
		Process curl = new ProcessBuilder("curl", "--silent", "--no-buffer",
				"http://127.0.0.1:" + this.port + "/cgi-bin/clock.sh")
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		List<String> ids = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
			// The clock writes an event a second, for ever: three of them span cgi.timeout.
			while (ids.size() < 3) {
				String line = lines.readLine();
				assertThat(line).as("the stream went on").isNotNull();
				if (line.startsWith("id: ")) {
					ids.add(line.substring(4));
				}
				else if (!line.isEmpty()) {
					assertThat(line).matches("data: \\d\\d:\\d\\d:\\d\\d");
				}
			}
			assertThat(curl.isAlive()).as("curl still reads the stream").isTrue();
		}
		finally {
			Programs.stop(curl);
		}
		assertThat(ids).containsExactly("1", "2", "3");
	}

	@Test
	void browsersEventSourceShowsTheExampleClockWithoutReconnecting() throws IOException {
		assumeTrue(HeadlessChromium.program() != null, "needs Debian's chromium package (.ci/run installs it)");
		try (HeadlessChromium browser = HeadlessChromium.start(800, 600)) {
			browser.open("http://127.0.0.1:" + this.port + "/clock.html");
			browser.awaitTrue("window.clock.ids.length >= 3");
			assertThat(browser.evaluate("window.clock.errors").asInt()).isZero();
			assertThat(browser.evaluate("window.clock.ids.slice(0, 3).join()").asString()).isEqualTo("1,2,3");
			assertThat(browser.evaluate("document.getElementById('state').textContent").asString()).isEqualTo("open");
			assertThat(browser.evaluate("document.querySelector('#events li').textContent").asString())
				.matches("event 1: \\d\\d:\\d\\d:\\d\\d");
		}
	}

	private JsonNode run(String script) {
		return new Actuator(this.managementPort).lastRun(script);
	}

	private static void copy(String file, String permissions) {
		try {
			site.file(file, Files.readAllBytes(Path.of(file)), permissions);
		}
		catch (IOException ex) {
			throw new AssertionError("The example " + file + " is missing", ex);
		}
	}

}
