package org.cgiserver.monitor;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.cgiserver.support.AccessLog;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

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
 * Every kind of run shows up in /actuator/cgi, its history, the metrics and the access
 * log; health follows the folders; only the listed endpoints are exposed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class MonitoringIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.writableFolder("flags");
		site.textScript("www/cgi-bin/ok.sh", "ok");
		site.textScript("www/cgi-bin/history.sh", "recorded");
		site.sh("www/cgi-bin/fail.sh", "echo 'disk on fire' >&2\nprintf 'Content-Type: text/plain\\n\\nhalf'\nexit 7\n");
		site.sh("www/cgi-bin/bad.sh", "echo 'no headers here'\n");
		site.sh("www/cgi-bin/slow.sh", "sleep 1000\n");
		site.sh("www/cgi-bin/signal.sh", "printf 'Content-Type: text/plain\\n\\nbefore'\nkill -9 $$\n");
		site.sh("www/cgi-bin/echo.sh", "printf 'Content-Type: text/plain\\n\\n'\nexec cat\n");
		site.textScript("www/extra/run.sh", "extra");
		// Under /long the wall-clock limit is far away: these end when the test says so.
		site.sh("www/long/endless.sh", "printf 'Content-Type: text/plain\\n\\n'\necho $$ >> \"$FLAGS/endless\"\nexec yes\n");
		site.sh("www/long/hold.sh", "echo $$ >> \"$FLAGS/hold-$QUERY_STRING\"\n"
				+ "while [ ! -e \"$FLAGS/release-$QUERY_STRING\" ]; do sleep 0.02; done\n"
				+ "printf 'Content-Type: text/plain\\n\\nheld'\n");
		site.sh("www/long/linger.sh", "printf 'Content-Type: text/plain\\n\\ndone'\nexec >&-\n"
				+ "while [ ! -e \"$FLAGS/linger-go\" ]; do sleep 0.02; done\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/cgi-bin")
			.prefix("/extra")
			.prefix("/long", "timeout=5m")
			.set("cgi.timeout", "1s")
			.set("cgi.kill-grace", "200ms")
			.set("cgi.max-concurrent", "1")
			.set("cgi.queue-timeout", "100ms")
			.set("cgi.history.size", "3")
			.env("FLAGS", site.path("flags"));
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	Actuator actuator;

	Http http() {
		return new Http(this.port);
	}

	/**
	 * With one script slot and a short queue, a run of an earlier test that has not
	 * released its slot yet would get this test's request rejected.
	 */
	@BeforeEach
	void awaitFreeSlot() {
		this.actuator = new Actuator(this.managementPort);
		this.actuator.awaitIdle();
	}

	JsonNode script(String name) {
		return this.actuator.script(name);
	}

	@Test
	void successfulRunIsCountedWithItsStatusExitAndOutput() {
		assertThat(http().get("/cgi-bin/ok.sh").body()).isEqualTo("ok");
		this.actuator.awaitRuns("/cgi-bin/ok.sh", 1);
		JsonNode script = script("/cgi-bin/ok.sh");
		assertThat(script.get("failures").asLong()).isZero();
		assertThat(script.get("lastRun").get("status").asInt()).isEqualTo(200);
		assertThat(script.get("lastRun").get("exitCode").asInt()).isZero();
		assertThat(script.get("lastRun").get("outcome").asString()).isEqualTo("success");
		assertThat(script.get("bytesOut").asLong()).isGreaterThan(0);
		assertThat(this.actuator.prometheus()).containsPattern(
				"cgi_runs_seconds_count\\{outcome=\"success\",script=\"/cgi-bin/ok.sh\",status=\"200\"} [1-9]");
		assertThat(this.actuator.runs()).anySatisfy((run) -> {
			assertThat(run.get("script").asString()).isEqualTo("/cgi-bin/ok.sh");
			assertThat(run.get("outcome").asString()).isEqualTo("success");
			assertThat(run.get("method").asString()).isEqualTo("GET");
		});
	}

	@Test
	void failingRunKeepsItsExitAndStderr() {
		assertThat(http().get("/cgi-bin/fail.sh").body()).isEqualTo("half");
		this.actuator.awaitRuns("/cgi-bin/fail.sh", 1);
		JsonNode failure = script("/cgi-bin/fail.sh").get("lastFailure");
		assertThat(failure.get("exitCode").asInt()).isEqualTo(7);
		assertThat(failure.get("reason").asString()).isEqualTo("exit status 7");
		assertThat(failure.get("stderr").asString()).contains("disk on fire");
		assertThat(failure.get("status").asInt()).isEqualTo(200);
		assertThat(this.actuator.totals().get("failures").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(this.actuator.prometheus()).contains("outcome=\"failure\",script=\"/cgi-bin/fail.sh\"");
	}

	@Test
	void scriptKilledBySignalIsAFailureWithTheSignalAsReason() {
		assertThat(http().get("/cgi-bin/signal.sh").body()).isEqualTo("before");
		JsonNode failure = this.actuator.awaitRuns("/cgi-bin/signal.sh", 1).get("lastFailure");
		assertThat(failure.get("reason").asString()).isEqualTo("killed by signal 9");
		assertThat(failure.get("signal").asInt()).isEqualTo(9);
		assertThat(failure.get("status").asInt()).isEqualTo(200);
		assertThat(this.actuator.runs().get(0).get("reason").asString()).isEqualTo("killed by signal 9");
	}

	@Test
	void malformedOutputIsAFailure() {
		assertThat(http().get("/cgi-bin/bad.sh").statusCode()).isEqualTo(502);
		this.actuator.awaitRuns("/cgi-bin/bad.sh", 1);
		JsonNode failure = script("/cgi-bin/bad.sh").get("lastFailure");
		assertThat(failure.get("reason").asString()).startsWith("malformed output");
		assertThat(failure.get("status").asInt()).isEqualTo(502);
	}

	@Test
	void runStoppedByTheWallClockLimitIsATimeout() {
		assertThat(http().get("/cgi-bin/slow.sh").statusCode()).isEqualTo(504);
		this.actuator.awaitRuns("/cgi-bin/slow.sh", 1);
		JsonNode script = script("/cgi-bin/slow.sh");
		assertThat(script.get("timeouts").asLong()).isEqualTo(1);
		assertThat(script.get("lastFailure").get("reason").asString()).isEqualTo("wall-clock limit reached");
		assertThat(this.actuator.prometheus())
			.contains("outcome=\"timeout\",script=\"/cgi-bin/slow.sh\",status=\"504\"");
		assertThat(this.actuator.runs())
			.anySatisfy((run) -> assertThat(run.get("outcome").asString()).isEqualTo("timeout"));
	}

	@Test
	void runWhoseClientLeftIsCountedAsAborted() throws Exception {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			connection.write("GET /long/endless.sh HTTP/1.1\r\nHost: x\r\n\r\n").readNBytes(100);
		}
		Pids.awaitGone(Pids.await(site.path("flags/endless"), 1));
		this.actuator.awaitRuns("/long/endless.sh", 1);
		assertThat(script("/long/endless.sh").get("aborted").asLong()).isEqualTo(1);
		assertThat(this.actuator.totals().get("aborted").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(this.actuator.prometheus()).contains("outcome=\"aborted\",script=\"/long/endless.sh\"");
	}

	@Test
	void requestWithoutAFreeSlotIsRejectedAndCounted() throws Exception {
		CompletableFuture<HttpResponse<String>> holding = CompletableFuture
			.supplyAsync(() -> http().get("/long/hold.sh?rejected"));
		try {
			Pids.await(site.path("flags/hold-rejected"), 1);
			assertThat(this.actuator.totals().get("active").asInt()).isEqualTo(1);
			assertThat(script("/long/hold.sh").get("active").asInt()).isEqualTo(1);
			assertThat(http().get("/cgi-bin/ok.sh").statusCode()).isEqualTo(503);
		}
		finally {
			Files.writeString(site.path("flags/release-rejected"), "go");
		}
		assertThat(holding.get().body()).isEqualTo("held");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> script("/cgi-bin/ok.sh").get("rejected").asLong() >= 1);
		assertThat(this.actuator.totals().get("rejected").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(this.actuator.prometheus())
			.contains("outcome=\"rejected\",script=\"/cgi-bin/ok.sh\",status=\"503\"");
		assertThat(this.actuator.runs())
			.anySatisfy((run) -> assertThat(run.get("outcome").asString()).isEqualTo("rejected"));
	}

	@Test
	void activeGaugeCountsTheScriptsRunningNow() throws Exception {
		CompletableFuture<HttpResponse<String>> holding = CompletableFuture
			.supplyAsync(() -> http().get("/long/hold.sh?gauge"));
		try {
			Pids.await(site.path("flags/hold-gauge"), 1);
			assertThat(this.actuator.metric("cgi.active", "VALUE")).isEqualTo(1);
		}
		finally {
			Files.writeString(site.path("flags/release-gauge"), "go");
		}
		assertThat(holding.get().body()).isEqualTo("held");
		this.actuator.awaitIdle();
		assertThat(this.actuator.metric("cgi.active", "VALUE")).isZero();
	}

	@Test
	void bytesInAndOutOfAScriptAreCounted() {
		String body = "x".repeat(1000);
		assertThat(http().post("/cgi-bin/echo.sh", body).body()).isEqualTo(body);
		// Standard output is the head ("Content-Type: text/plain", two newlines) and the body.
		long out = "Content-Type: text/plain\n\n".length() + body.length();
		this.actuator.awaitRuns("/cgi-bin/echo.sh", 1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.actuator.metric("cgi.bytes.in", "COUNT", "script:/cgi-bin/echo.sh")).isEqualTo(1000);
			assertThat(this.actuator.metric("cgi.bytes.out", "COUNT", "script:/cgi-bin/echo.sh")).isEqualTo(out);
		});
		JsonNode script = script("/cgi-bin/echo.sh");
		assertThat(script.get("bytesIn").asLong()).isEqualTo(1000);
		assertThat(script.get("bytesOut").asLong()).isEqualTo(out);
	}

	@Test
	void runsListsOnlyTheNewestRunsNewestFirst() {
		List<String> methods = List.of("GET", "POST", "PUT", "DELETE");
		for (int i = 0; i < methods.size(); i++) {
			HttpResponse<String> response = http().send(http().request("/cgi-bin/history.sh")
				.method(methods.get(i), HttpRequest.BodyPublishers.noBody())
				.build());
			assertThat(response.body()).isEqualTo("recorded");
			// One at a time: runs are recorded when their script has exited, and the one
			// slot is free again a moment later.
			this.actuator.awaitRuns("/cgi-bin/history.sh", i + 1);
			this.actuator.awaitIdle();
		}
		// cgi.history.size is 3: the first run is gone.
		assertThat(this.actuator.runs()).extracting((run) -> run.get("method").asString())
			.containsExactly("DELETE", "PUT", "POST");
	}

	@Test
	void missingScriptsGetNoEntry() {
		assertThat(http().get("/cgi-bin/no-such-" + System.nanoTime() + ".sh").statusCode()).isEqualTo(404);
		this.actuator.cgi()
			.get("scripts")
			.propertyNames()
			.forEach((name) -> assertThat(name).doesNotContain("no-such"));
	}

	@Test
	void endpointListsTheConfiguredPrefixes() {
		JsonNode prefixes = this.actuator.cgi().get("prefixes");
		assertThat(prefixes).extracting((prefix) -> prefix.get("path").asString())
			.contains("/cgi-bin", "/extra", "/long");
	}

	@Test
	void healthIsDownWhileAPrefixFolderIsMissing() throws Exception {
		this.actuator.read("health/readiness", 200);
		this.actuator.read("health/liveness", 200);
		Path extra = site.path("www/extra");
		Path moved = site.path("extra-moved");
		Files.move(extra, moved);
		try {
			JsonNode cgi = this.actuator.read("health", 503).get("components").get("cgi");
			assertThat(cgi.get("status").asString()).isEqualTo("DOWN");
			assertThat(cgi.get("details").get("problems").get("/extra").asString()).contains("missing");
			this.actuator.read("health/readiness", 503);
			this.actuator.read("health/liveness", 200);
		}
		finally {
			Files.move(moved, extra);
		}
		this.actuator.read("health", 200);
	}

	@Test
	void infoShowsVersionAndSettings() {
		JsonNode info = this.actuator.get("info");
		assertThat(info.get("build").get("version").asString()).isNotBlank();
		assertThat(info.get("cgi").get("timeoutMillis").asLong()).isEqualTo(1000);
		assertThat(info.get("cgi").get("maxConcurrent").asInt()).isEqualTo(1);
		assertThat(info.get("cgi").get("prefixes").get("/extra").asString()).endsWith("www/extra");
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "configprops", "heapdump", "threaddump", "loggers", "shutdown", "beans",
			"mappings", "scheduledtasks" })
	void otherEndpointsAreNotExposed(String endpoint) {
		assertThat(new Http(this.managementPort).get("/actuator/" + endpoint).statusCode()).isEqualTo(404);
	}

	@Test
	void accessLogHasOneLinePerRequest(CapturedOutput output) {
		String unique = Long.toString(System.nanoTime());
		String script = "/cgi-bin/ok.sh/" + unique;
		String missing = "/missing-" + unique + ".txt";
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			assertThat(connection.get(script).status()).isEqualTo(200);
			assertThat(connection.get(missing).status()).isEqualTo(404);
			// Answered on the same connection, so after the lines of the two before it
			// that need not wait for a script.
			assertThat(connection.get("/readyz").status()).isEqualTo(200);
		}
		AccessLog.Line scriptLine = AccessLog.awaitLine(output, script);
		assertThat(scriptLine.fields()).containsKeys("method", "path", "status", "bytes", "duration_ms", "client",
				"script", "outcome");
		// What the run cost, where the way scripts are started gives a figure.
		assertThat(scriptLine.fields().keySet()).isSubsetOf("method", "path", "status", "bytes", "duration_ms", "client",
				"script", "outcome", "cpu_ms", "cpu_user_ms", "cpu_system_ms", "max_rss_kb");
		assertThat(scriptLine.get("method")).isEqualTo("GET");
		assertThat(scriptLine.status()).isEqualTo(200);
		assertThat(scriptLine.get("bytes")).isNotNull();
		assertThat(scriptLine.get("script")).isEqualTo("/cgi-bin/ok.sh");
		assertThat(scriptLine.get("outcome")).isEqualTo("success");
		AccessLog.Line missingLine = AccessLog.awaitLine(output, missing);
		assertThat(missingLine.get("method")).isEqualTo("GET");
		assertThat(missingLine.status()).isEqualTo(404);
		assertThat(missingLine.get("script")).isNull();
	}

	@Test
	void accessLogShowsTheOutcomeOfAScriptThatExitsAfterItsResponse(CapturedOutput output) throws Exception {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			assertThat(connection.get("/long/linger.sh").body()).isEqualTo("done");
			// Answered on the same connection, so after the access log has seen the first
			// request: its script is still running then.
			assertThat(connection.get("/readyz").status()).isEqualTo(200);
		}
		assertThat(this.actuator.totals().get("active").asInt()).isEqualTo(1);
		Files.writeString(site.path("flags/linger-go"), "go");
		assertThat(AccessLog.awaitLine(output, "/long/linger.sh").get("outcome")).isEqualTo("success");
	}

}
