package org.cgiserver.process;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.cgiserver.support.CgiReport;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beyond cgi.max-concurrent scripts, requests wait briefly, then get 503; static files
 * and actuator keep answering.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConcurrencyLimitIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.writableFolder("flags");
		site.script("www/cgi-bin/wait.sh", "#!/bin/sh\necho $$ >> \"$FLAGS/waiting\"\n"
				+ "while [ ! -e \"$FLAGS/go\" ]; do sleep 0.02; done\nprintf 'Content-Type: text/plain\\n\\ndone'\n");
		site.file("www/static.txt", "static");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.max-concurrent", () -> "2");
		registry.add("cgi.queue-timeout", () -> "200ms");
		registry.add("cgi.env.FLAGS", () -> site.root().resolve("flags").toString());
	}


	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void overloadIsRejectedWhileOthersSucceed() throws Exception {
		Http http = new Http(this.port);
		Path flags = site.root().resolve("flags");
		CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> http.get("/cgi-bin/wait.sh"));
		CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> http.get("/cgi-bin/wait.sh"));
		try {
			Pids.await(flags.resolve("waiting"), 2);
			HttpResponse<String> rejected = http.get("/cgi-bin/wait.sh");
			assertThat(rejected.statusCode()).isEqualTo(503);
			assertThat(rejected.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(http.get("/static.txt").body()).isEqualTo("static");
			assertThat(http.get("/readyz").statusCode()).isEqualTo(200);
		}
		finally {
			Files.writeString(flags.resolve("go"), "go");
		}
		assertThat(first.get().body()).isEqualTo("done");
		assertThat(second.get().body()).isEqualTo("done");
		CgiReport report = new CgiReport(this.managementPort);
		assertThat(report.runs()).anySatisfy((run) -> assertThat(run.path("outcome").asString()).isEqualTo("rejected"));
		// A slot is given back when the run ends, which may come a moment after its
		// response: wait for it rather than for the queue timeout to cover it.
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> report.active() == 0);
		assertThat(http.get("/cgi-bin/wait.sh").statusCode()).isEqualTo(200);
	}

}
