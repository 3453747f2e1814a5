package org.cgiserver.cgi;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.cgiserver.support.AccessLog;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.RawHttp;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that leaves while its script is silent gets the script's whole tree stopped
 * within a second or two, long before any limit; a client that stays gets its answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ClientDisconnectIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.writableFolder("pids");
		site.script("www/cgi-bin/silent.sh",
				"#!/bin/sh\nsleep 1000 &\necho $! >> \"$PIDS/silent\"\necho $$ >> \"$PIDS/silent\"\nwait\n");
		site.script("www/cgi-bin/thinks.sh",
				"#!/bin/sh\nsleep 1.5\nprintf 'Content-Type: text/plain\\n\\nthought it over'\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		// Limits far beyond the test: only the disconnect can stop the script in time.
		site.serve(registry).env("PIDS", site.path("pids")).set("cgi.timeout", "5m");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void silentScriptIsStoppedWhenTheClientLeavesAndRecordedAs499(CapturedOutput output) throws Exception {
		List<Long> tree;
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			connection.write("GET /cgi-bin/silent.sh HTTP/1.1\r\nHost: x\r\n\r\n");
			tree = Pids.await(site.path("pids/silent"), 2);
		}
		Pids.awaitGone(tree, Duration.ofSeconds(5));
		assertThat(output).contains("Client of CGI script /cgi-bin/silent.sh disconnected");
		Actuator actuator = new Actuator(this.managementPort);
		assertThat(actuator.awaitRuns("/cgi-bin/silent.sh", 1).get("aborted").asLong()).isEqualTo(1);
		// Recorded as nginx's "client closed request", in the history and the access log.
		assertThat(actuator.runs()).filteredOn((run) -> run.get("script").asString().equals("/cgi-bin/silent.sh"))
			.singleElement()
			.satisfies((run) -> {
				assertThat(run.get("status").asInt()).isEqualTo(499);
				assertThat(run.get("outcome").asString()).isEqualTo("aborted");
			});
		AccessLog.Line line = AccessLog.awaitLine(output, "/cgi-bin/silent.sh");
		assertThat(line.status()).isEqualTo(499);
		assertThat(line.get("outcome")).isEqualTo("aborted");
	}

	@Test
	void scriptThatTakesItsTimeAnswersAClientThatWaits() {
		HttpResponse<String> response = new Http(this.port).get("/cgi-bin/thinks.sh");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("thought it over");
	}

}
