package org.cgiserver.monitor;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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

	static final JsonMapper json = JsonMapper.builder().build();

	static {
		site.writableFolder("flags");
		site.script("www/cgi-bin/ok.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nok'\n");
		site.script("www/cgi-bin/fail.sh",
				"#!/bin/sh\necho 'disk on fire' >&2\nprintf 'Content-Type: text/plain\\n\\nhalf'\nexit 7\n");
		site.script("www/cgi-bin/bad.sh", "#!/bin/sh\necho 'no headers here'\n");
		site.script("www/cgi-bin/slow.sh", "#!/bin/sh\nsleep 1000\n");
		site.script("www/cgi-bin/endless.sh",
				"#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\necho $$ >> \"$FLAGS/endless\"\nexec yes\n");
		site.script("www/cgi-bin/hold.sh", "#!/bin/sh\necho $$ >> \"$FLAGS/hold\"\n"
				+ "while [ ! -e \"$FLAGS/release\" ]; do sleep 0.02; done\nprintf 'Content-Type: text/plain\\n\\nheld'\n");
		site.script("www/extra/run.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nextra'\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.prefixes[0].path", () -> "/cgi-bin");
		registry.add("cgi.prefixes[1].path", () -> "/extra");
		registry.add("cgi.timeout", () -> "1s");
		registry.add("cgi.kill-grace", () -> "200ms");
		registry.add("cgi.max-concurrent", () -> "1");
		registry.add("cgi.queue-timeout", () -> "100ms");
		registry.add("cgi.env.FLAGS", () -> site.root().resolve("flags").toString());
	}


	@LocalServerPort
	int port;

	Http http() {
		return new Http(this.port);
	}

	JsonNode actuator(String path) {
		HttpResponse<String> response = http().get("/actuator/" + path);
		assertThat(response.statusCode()).as(path).isIn(200, 503);
		return json.readTree(response.body());
	}

	JsonNode script(String name) {
		return actuator("cgi").get("scripts").get(name);
	}

	void awaitRuns(String name, int runs) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			JsonNode script = script(name);
			return script != null && script.get("runs").asLong() + script.get("rejected").asLong() >= runs;
		});
	}

	@Test
	void successfulRun() {
		assertThat(http().get("/cgi-bin/ok.sh").body()).isEqualTo("ok");
		awaitRuns("/cgi-bin/ok.sh", 1);
		JsonNode script = script("/cgi-bin/ok.sh");
		assertThat(script.get("failures").asLong()).isZero();
		assertThat(script.get("lastRun").get("status").asInt()).isEqualTo(200);
		assertThat(script.get("lastRun").get("exitCode").asInt()).isZero();
		assertThat(script.get("lastRun").get("outcome").asString()).isEqualTo("success");
		assertThat(script.get("bytesOut").asLong()).isGreaterThan(0);
		assertThat(prometheus()).containsPattern(
				"cgi_runs_seconds_count\\{outcome=\"success\",script=\"/cgi-bin/ok.sh\",status=\"200\"} [1-9]");
		assertThat(history()).anySatisfy((run) -> {
			assertThat(run.get("script").asString()).isEqualTo("/cgi-bin/ok.sh");
			assertThat(run.get("outcome").asString()).isEqualTo("success");
			assertThat(run.get("method").asString()).isEqualTo("GET");
		});
	}

	@Test
	void failingRunKeepsItsExitAndStderr() {
		assertThat(http().get("/cgi-bin/fail.sh").body()).isEqualTo("half");
		awaitRuns("/cgi-bin/fail.sh", 1);
		JsonNode failure = script("/cgi-bin/fail.sh").get("lastFailure");
		assertThat(failure.get("exitCode").asInt()).isEqualTo(7);
		assertThat(failure.get("reason").asString()).isEqualTo("exit status 7");
		assertThat(failure.get("stderr").asString()).contains("disk on fire");
		assertThat(failure.get("status").asInt()).isEqualTo(200);
		assertThat(actuator("cgi").get("totals").get("failures").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(prometheus()).contains("outcome=\"failure\",script=\"/cgi-bin/fail.sh\"");
	}

	@Test
	void malformedOutputIsAFailure() {
		assertThat(http().get("/cgi-bin/bad.sh").statusCode()).isEqualTo(502);
		awaitRuns("/cgi-bin/bad.sh", 1);
		JsonNode failure = script("/cgi-bin/bad.sh").get("lastFailure");
		assertThat(failure.get("reason").asString()).startsWith("malformed output");
		assertThat(failure.get("status").asInt()).isEqualTo(502);
	}

	@Test
	void timedOutRun() {
		assertThat(http().get("/cgi-bin/slow.sh").statusCode()).isEqualTo(504);
		awaitRuns("/cgi-bin/slow.sh", 1);
		JsonNode script = script("/cgi-bin/slow.sh");
		assertThat(script.get("timeouts").asLong()).isEqualTo(1);
		assertThat(script.get("lastFailure").get("reason").asString()).isEqualTo("wall-clock limit reached");
		assertThat(prometheus()).contains("outcome=\"timeout\",script=\"/cgi-bin/slow.sh\",status=\"504\"");
		assertThat(history()).anySatisfy((run) -> assertThat(run.get("outcome").asString()).isEqualTo("timeout"));
	}

	@Test
	void abortedRun() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write("GET /cgi-bin/endless.sh HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			assertThat(in.readNBytes(100)).hasSize(100);
		}
		Pids.awaitGone(Pids.await(site.root().resolve("flags/endless"), 1));
		awaitRuns("/cgi-bin/endless.sh", 1);
		assertThat(script("/cgi-bin/endless.sh").get("aborted").asLong()).isEqualTo(1);
		assertThat(actuator("cgi").get("totals").get("aborted").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(prometheus()).contains("outcome=\"aborted\",script=\"/cgi-bin/endless.sh\"");
	}

	@Test
	void rejectedRun() throws Exception {
		Path flags = site.root().resolve("flags");
		CompletableFuture<HttpResponse<String>> holding = CompletableFuture
			.supplyAsync(() -> http().get("/cgi-bin/hold.sh"));
		try {
			Pids.await(flags.resolve("hold"), 1);
			assertThat(actuator("cgi").get("totals").get("active").asInt()).isEqualTo(1);
			assertThat(script("/cgi-bin/hold.sh").get("active").asInt()).isEqualTo(1);
			assertThat(http().get("/cgi-bin/ok.sh").statusCode()).isEqualTo(503);
		}
		finally {
			Files.writeString(flags.resolve("release"), "go");
		}
		assertThat(holding.get().body()).isEqualTo("held");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> script("/cgi-bin/ok.sh").get("rejected").asLong() >= 1);
		assertThat(actuator("cgi").get("totals").get("rejected").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(prometheus()).contains("outcome=\"rejected\",script=\"/cgi-bin/ok.sh\",status=\"503\"");
		assertThat(history()).anySatisfy((run) -> assertThat(run.get("outcome").asString()).isEqualTo("rejected"));
	}

	@Test
	void missingScriptsGetNoEntry() {
		assertThat(http().get("/cgi-bin/no-such-" + System.nanoTime() + ".sh").statusCode()).isEqualTo(404);
		actuator("cgi").get("scripts").propertyNames().forEach((name) -> assertThat(name).doesNotContain("no-such"));
	}

	@Test
	void endpointListsPrefixes() {
		JsonNode prefixes = actuator("cgi").get("prefixes");
		assertThat(prefixes).extracting((prefix) -> prefix.get("path").asString()).contains("/cgi-bin", "/extra");
	}

	@Test
	void healthFollowsTheFolders() throws Exception {
		assertThat(http().get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		Path extra = site.root().resolve("www/extra");
		Path moved = site.root().resolve("extra-moved");
		Files.move(extra, moved);
		try {
			HttpResponse<String> health = http().get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(503);
			JsonNode cgi = json.readTree(health.body()).get("components").get("cgi");
			assertThat(cgi.get("status").asString()).isEqualTo("DOWN");
			assertThat(cgi.get("details").get("problems").get("/extra").asString()).contains("missing");
			assertThat(http().get("/actuator/health/readiness").statusCode()).isEqualTo(503);
			assertThat(http().get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		}
		finally {
			Files.move(moved, extra);
		}
		assertThat(http().get("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void infoShowsVersionAndSettings() {
		JsonNode info = actuator("info");
		assertThat(info.get("build").get("version").asString()).isNotBlank();
		assertThat(info.get("cgi").get("timeoutMillis").asLong()).isEqualTo(1000);
		assertThat(info.get("cgi").get("maxConcurrent").asInt()).isEqualTo(1);
		assertThat(info.get("cgi").get("prefixes").get("/extra").asString()).endsWith("www/extra");
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "configprops", "heapdump", "threaddump", "loggers", "shutdown", "beans",
			"mappings", "scheduledtasks" })
	void otherEndpointsAreNotExposed(String endpoint) {
		assertThat(http().get("/actuator/" + endpoint).statusCode()).isEqualTo(404);
	}

	@Test
	void accessLogHasOneLinePerRequest(CapturedOutput output) {
		http().get("/cgi-bin/ok.sh");
		http().get("/missing.txt");
		Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output)
			.contains("method=GET path=/cgi-bin/ok.sh status=200 bytes=")
			.contains("script=/cgi-bin/ok.sh outcome=success")
			.contains("method=GET path=/missing.txt status=404"));
	}

	private String prometheus() {
		HttpResponse<String> response = http().get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private java.util.List<JsonNode> history() {
		java.util.List<JsonNode> runs = new java.util.ArrayList<>();
		actuator("cgi/runs").get("runs").forEach(runs::add);
		return runs;
	}

}
