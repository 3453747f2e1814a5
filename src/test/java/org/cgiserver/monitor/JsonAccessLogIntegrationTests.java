package org.cgiserver.monitor;

import java.net.http.HttpResponse;

import org.cgiserver.support.AccessLog;
import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log as JSON lines, for Loki, an ELK stack or jq.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class JsonAccessLogIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/index.html", "home");
		site.textScript("www/cgi-bin/hello.sh", "hello");
		site.file("htpasswd", Users.file(Users.ALICE));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("cgi.access-log-format", "json")
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.rules[0].path", "/cgi-bin/hello.sh")
			.set("cgi.auth.rules[0].users", "alice");
	}

	@LocalServerPort
	int port;

	private HttpResponse<String> get(String path, String... headers) {
		Http http = new Http(this.port);
		return http.send(http.request(path).headers(headers).build());
	}

	@Test
	void aScriptsLineIsOneJsonObjectWithItsScriptAndOutcome(CapturedOutput output) {
		assertThat(get("/cgi-bin/hello.sh", "Authorization", Users.basic("alice", "alice-secret")).statusCode()).isEqualTo(200);
		JsonNode line = JsonMapper.builder().build().readTree(AccessLog.awaitMessage(output, "\"/cgi-bin/hello.sh\""));
		assertThat(line.get("method").asString()).isEqualTo("GET");
		assertThat(line.get("status").asInt()).isEqualTo(200);
		assertThat(line.get("user").asString()).isEqualTo("alice");
		assertThat(line.get("script").asString()).isEqualTo("/cgi-bin/hello.sh");
		assertThat(line.get("outcome").asString()).isEqualTo("success");
		assertThat(line.get("client").asString()).isEqualTo("127.0.0.1");
	}

}
