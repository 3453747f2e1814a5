package org.cgiserver.cgi;

import java.time.Duration;

import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broken script is answered as fast as a good one, with its exit status and standard
 * error kept; a script that cannot be executed is named as that, not as bad output.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ScriptFailuresIntegrationTests {

	/** Refusals used to wait a second for the script's end: anything well below is fast. */
	private static final Duration FAST = Duration.ofMillis(700);

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/cgi-bin/fails.sh", "echo 'database unreachable' >&2\nexit 3\n");
		site.sh("www/cgi-bin/garbage.sh", "echo 'not a header line'\necho 'oops' >&2\n");
		site.script("www/cgi-bin/badshebang.sh", "#!/nonexistent/interpreter\necho hi\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry);
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void aScriptThatExitsWithoutOutputIsAnsweredAtOnce() {
		long start = System.nanoTime();
		RawHttp.Response response = RawHttp.get(this.port, "/cgi-bin/fails.sh");
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.status()).isEqualTo(502);
		assertThat(took).isLessThan(FAST);
		JsonNode run = lastRun("/cgi-bin/fails.sh");
		assertThat(run.get("durationMillis").asDouble()).isLessThan(FAST.toMillis());
		JsonNode failure = new Actuator(this.managementPort).script("/cgi-bin/fails.sh").get("lastFailure");
		assertThat(failure.get("exitCode").asInt()).isEqualTo(3);
		assertThat(failure.get("stderr").asText()).contains("database unreachable");
	}

	@Test
	void aScriptThatWritesGarbageIsAnsweredAtOnce() {
		long start = System.nanoTime();
		RawHttp.Response response = RawHttp.get(this.port, "/cgi-bin/garbage.sh");
		assertThat(response.status()).isEqualTo(502);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
		assertThat(lastRun("/cgi-bin/garbage.sh").get("reason").asText()).startsWith("malformed output");
	}

	@Test
	void aScriptThatCannotBeExecutedIsReportedAsSuch() {
		assertThat(new Http(this.port).get("/cgi-bin/badshebang.sh").statusCode()).isEqualTo(502);
		JsonNode failure = new Actuator(this.managementPort).awaitRuns("/cgi-bin/badshebang.sh", 1).get("lastFailure");
		// Through setpriv (server as root) the exec fails in the wrapper; started directly,
		// the JDK cannot start it: either way the cause is named, never "malformed".
		assertThat(failure.get("reason").asText()).doesNotContain("malformed")
			.containsAnyOf("could not be executed", "Cannot start")
			.contains("No such file or directory");
	}

	private JsonNode lastRun(String script) {
		new Actuator(this.managementPort).awaitRuns(script, 1);
		return new Actuator(this.managementPort).runs()
			.stream()
			.filter((run) -> run.get("script").asText().equals(script))
			.findFirst()
			.orElseThrow();
	}

}
