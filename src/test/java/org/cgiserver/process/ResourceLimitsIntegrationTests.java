package org.cgiserver.process;

import java.net.http.HttpResponse;

import org.cgiserver.support.CgiReport;
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
 * {@code cgi.limits}: CPU time, address space and open files of each script. The
 * process limit counts every process of the scripts' user, so it has a test class of its
 * own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ResourceLimitsIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final int SIGKILL = 9;

	static final int SIGXCPU = 24;

	static final String HEADERS = "printf 'Content-Type: text/plain\\n\\n'\n";

	static {
		site.script("www/cgi-bin/limits.sh",
				"#!/bin/sh\n" + HEADERS + "echo \"cpu=$(ulimit -t) memory=$(ulimit -v) files=$(ulimit -n)\"\n");
		site.script("www/cgi-bin/spin.sh", "#!/bin/sh\nwhile :; do :; done\n");
		// Allocates a buffer of the size the query string names.
		site.script("www/cgi-bin/allocate.sh",
				"#!/bin/sh\n" + HEADERS + "dd bs=\"$QUERY_STRING\" count=1 if=/dev/zero of=/dev/null 2>&1\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.limits.cpu", () -> "1");
		registry.add("cgi.limits.memory", () -> "64MB");
		registry.add("cgi.limits.open-files", () -> "64");
		// Long enough that only the CPU limit can end the busy loop.
		registry.add("cgi.timeout", () -> "60s");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	Http http() {
		return new Http(this.port);
	}

	@Test
	void limitsApplyToScripts() {
		assertThat(http().get("/cgi-bin/limits.sh").body()).isEqualTo("cpu=1 memory=65536 files=64\n");
	}

	/**
	 * prlimit sets the soft and the hard CPU limit alike, so the kernel kills with SIGKILL
	 * when the limit is reached (SIGXCPU only comes first when the hard limit is higher).
	 */
	@Test
	void scriptsUsingMoreCpuTimeThanTheLimitAreKilled() {
		HttpResponse<String> response = http().get("/cgi-bin/spin.sh");
		assertThat(response.statusCode()).isEqualTo(502);
		CgiReport report = new CgiReport(this.managementPort);
		JsonNode run = report.awaitRun("/cgi-bin/spin.sh");
		assertThat(run.path("outcome").asString()).isEqualTo("failure");
		// About the limit: one second of CPU, on a busy machine some more in wall-clock time.
		assertThat(run.path("durationMillis").asDouble()).isLessThan(30_000);
		JsonNode failure = report.lastFailure("/cgi-bin/spin.sh");
		assertThat(failure.path("signal").asInt()).isIn(SIGKILL, SIGXCPU);
		assertThat(failure.path("exitCode").asInt()).isEqualTo(128 + failure.path("signal").asInt());
	}

	@Test
	void scriptsAllocatingMoreThanTheMemoryLimitFail() {
		assertThat(http().get("/cgi-bin/allocate.sh?1M").body()).contains("1048576 bytes");
		HttpResponse<String> response = http().get("/cgi-bin/allocate.sh?200M");
		assertThat(response.body()).contains("memory exhausted");
		JsonNode run = new CgiReport(this.managementPort).awaitRun("/cgi-bin/allocate.sh", 2);
		assertThat(run.path("outcome").asString()).isEqualTo("failure");
		assertThat(run.path("reason").asString()).isEqualTo("exit status 1");
	}

}
