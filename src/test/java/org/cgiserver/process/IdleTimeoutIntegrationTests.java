package org.cgiserver.process;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.cgiserver.support.CgiReport;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
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
 * {@code cgi.idle-timeout} stops scripts that stay silent, not scripts that are slow but
 * keep writing. In a context of its own: every script of a context has the idle limit,
 * and scripts elsewhere must be able to stay silent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class IdleTimeoutIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final String HEADERS = "printf 'Content-Type: text/plain\\n\\n'\n";

	static {
		site.writableFolder("pids");
		site.script("www/cgi-bin/idle.sh",
				"#!/bin/sh\n" + HEADERS + "echo 'one line'\necho $$ >> \"$PIDS/idle\"\nsleep 1000\n");
		// Writes for longer than the idle limit, never pausing for long.
		site.script("www/cgi-bin/steady.sh", "#!/bin/sh\n" + HEADERS
				+ "n=0\nwhile [ $n -lt 15 ]; do echo \"line $n\"; sleep 0.2; n=$((n+1)); done\necho end\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.idle-timeout", () -> "2s");
		// Far from the idle limit, so that the two cannot be taken for each other.
		registry.add("cgi.timeout", () -> "60s");
		registry.add("cgi.kill-grace", () -> "300ms");
		registry.add("cgi.env.PIDS", () -> site.root().resolve("pids").toString());
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	Path pids(String name) {
		return site.root().resolve("pids").resolve(name);
	}

	@Test
	void silentScriptsAreStoppedAndTheirResponseCutOff() {
		RawHttp.Response response = RawHttp.get(this.port, "/cgi-bin/idle.sh");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("one line").doesNotEndWith("0\r\n\r\n");
		Pids.awaitGone(Pids.await(pids("idle"), 1));
		JsonNode run = new CgiReport(this.managementPort).awaitRun("/cgi-bin/idle.sh");
		assertThat(run.path("outcome").asString()).isEqualTo("timeout");
		assertThat(run.path("reason").asString()).isEqualTo("no output within the idle limit");
	}

	@Test
	void scriptsThatKeepWritingRunLongerThanTheIdleLimit() {
		HttpResponse<String> response = new Http(this.port).get("/cgi-bin/steady.sh");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("line 0\n").endsWith("line 14\nend\n");
		assertThat(new CgiReport(this.managementPort).awaitRun("/cgi-bin/steady.sh").path("outcome").asString())
			.isEqualTo("success");
	}

}
