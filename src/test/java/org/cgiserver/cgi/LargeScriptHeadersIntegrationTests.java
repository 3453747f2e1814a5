package org.cgiserver.cgi;

import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A larger {@code cgi.max-header-size} is the one limit: the server makes room for a
 * header block up to it, and refuses one over it with 502.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class LargeScriptHeadersIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/cgi-bin/padded.sh", ScriptResponseFramingIntegrationTests.PADDED_HEADERS);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("cgi.max-header-size", "32KB");
	}

	@LocalServerPort
	int port;

	@Test
	void aHeaderBlockUpToTheLimitIsSentWholeAndOneOverItIsNot(CapturedOutput output) {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			// 284 lines of 115 bytes: 32,688 bytes with the Content-Type and the blank line, under 32,768.
			RawHttp.Response response = connection.get("/cgi-bin/padded.sh?284");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.headers().stream().filter((line) -> line.startsWith("X-Pad-"))).hasSize(284);
			assertThat(response.body()).isEqualTo("after the headers");
			assertThat(connection.get("/cgi-bin/padded.sh?285").status()).isEqualTo(502);
			assertThat(connection.get("/cgi-bin/padded.sh?1").status()).isEqualTo(200);
		}
		assertThat(output.toString()).doesNotContain(" ERROR ", "Exception");
	}

}
