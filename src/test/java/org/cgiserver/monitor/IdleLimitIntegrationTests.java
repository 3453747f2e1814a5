package org.cgiserver.monitor;

import java.net.http.HttpResponse;

import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
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
 * {@code cgi.idle-timeout} stops a script that writes nothing for that long, and the run
 * says so; a script that keeps writing may run longer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class IdleLimitIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/cgi-bin/silent.sh", "exec sleep 1000\n");
		// Writes every 0.1 s for 1.5 s: longer than the idle limit in all, never idle that long.
		site.sh("www/cgi-bin/chatty.sh", "printf 'Content-Type: text/plain\\n\\n'\n"
				+ "i=0\nwhile [ $i -lt 15 ]; do echo $i; sleep 0.1; i=$((i+1)); done\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("cgi.idle-timeout", "1s").set("cgi.kill-grace", "200ms");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void scriptSilentForTheIdleLimitIsATimeoutWithThatReason() {
		assertThat(new Http(this.port).get("/cgi-bin/silent.sh").statusCode()).isEqualTo(504);
		Actuator actuator = new Actuator(this.managementPort);
		JsonNode script = actuator.awaitRuns("/cgi-bin/silent.sh", 1);
		assertThat(script.get("timeouts").asLong()).isEqualTo(1);
		assertThat(script.get("lastFailure").get("reason").asString()).isEqualTo("no output within the idle limit");
		assertThat(actuator.runs()).filteredOn((run) -> run.get("script").asString().equals("/cgi-bin/silent.sh"))
			.singleElement()
			.satisfies((run) -> {
				assertThat(run.get("outcome").asString()).isEqualTo("timeout");
				assertThat(run.get("reason").asString()).isEqualTo("no output within the idle limit");
			});
	}

	@Test
	void scriptThatKeepsWritingOutlivesTheIdleLimit() {
		HttpResponse<String> response = new Http(this.port).get("/cgi-bin/chatty.sh");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).endsWith("14\n");
		JsonNode script = new Actuator(this.managementPort).awaitRuns("/cgi-bin/chatty.sh", 1);
		assertThat(script.get("lastRun").get("outcome").asString()).isEqualTo("success");
	}

}
