package org.cgiserver.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.cgiserver.support.Http;
import org.cgiserver.support.Programs;
import org.cgiserver.support.ServerInOwnJvm;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Standard output that log shippers read line by line: the server's own log as Spring
 * Boot's structured ECS lines, the access log as bare JSON objects, and jq reads the
 * whole stream. In a JVM of its own, because logging is set up once per JVM.
 */
class StructuredLogsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.textScript("www/cgi-bin/hello.sh", "hello");
	}

	@Test
	void everyLineOfStandardOutputIsAJsonObject() throws Exception {
		Path log = site.path("stdout.log");
		try (ServerInOwnJvm server = ServerInOwnJvm.start(log, List.of(),
				"--cgi.document-root=" + site.www(), "--cgi.access-log-format=json", "--cgi.access-log-output=stdout",
				"--logging.structured.format.console=ecs")) {
			Http http = new Http(server.port());
			assertThat(http.get("/cgi-bin/hello.sh?who=me").body()).isEqualTo("hello");
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> Files.readString(log).contains("\"outcome\":\"success\""));
		}
		List<String> lines = Files.readAllLines(log);

		JsonNode access = lines.stream()
			.filter((line) -> line.contains("/cgi-bin/hello.sh"))
			.map(json::readTree)
			.filter((line) -> line.has("path"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no bare access line in\n" + String.join("\n", lines)));
		assertThat(access.get("path").asString()).isEqualTo("/cgi-bin/hello.sh");
		assertThat(access.get("query").asString()).isEqualTo("who=me");
		assertThat(access.get("status").asInt()).isEqualTo(200);
		assertThat(access.get("outcome").asString()).isEqualTo("success");

		JsonNode started = lines.stream()
			.filter((line) -> line.contains("Started CgiServerApplication"))
			.map(json::readTree)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no start line in\n" + String.join("\n", lines)));
		assertThat(started.get("@timestamp").asString()).isNotBlank();
		assertThat(started.get("log").get("level").asString()).isEqualTo("INFO");
		assertThat(started.get("log").get("logger").asString()).isEqualTo("org.cgiserver.CgiServerApplication");
		assertThat(started.get("service").get("name").asString()).isEqualTo("cgiserver");
		assertThat(started.get("ecs").get("version").asString()).isNotBlank();
		assertThat(started.get("message").asString()).startsWith("Started CgiServerApplication");

		Path jq = Programs.find("jq");
		assumeTrue(jq != null, "jq is not installed");
		// jq stops at the first line that is no JSON: it reads them all.
		Programs.Result scripts = Programs.run(List.of(jq.toString(), "-r", "select(.script) | .script + \" \" + .outcome",
				log.toString()));
		assertThat(scripts.status()).as(scripts.toString()).isZero();
		assertThat(scripts.output()).isEqualTo("/cgi-bin/hello.sh success\n");
	}

}
