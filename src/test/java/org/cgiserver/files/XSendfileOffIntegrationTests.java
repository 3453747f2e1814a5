package org.cgiserver.files;

import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code cgi.x-sendfile.folders}, {@code X-Sendfile} is an ordinary header, as
 * with Apache and lighttpd when theirs is off: the script's own body is the answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class XSendfileOffIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("downloads/report.txt", "the report\n");
		site.sh("www/cgi-bin/send.sh", "printf 'Content-Type: text/plain\\r\\nX-Sendfile: %s\\r\\n\\r\\nfrom the script\\n' '"
				+ site.path("downloads/report.txt") + "'\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void theHeaderReachesTheClientAndTheFileIsNotSent() {
		HttpResponse<String> response = new Http(this.port).get("/cgi-bin/send.sh");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("from the script\n");
		assertThat(response.headers().firstValue("X-Sendfile")).hasValue(site.path("downloads/report.txt").toString());
	}

}
