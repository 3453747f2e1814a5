package org.cgiserver.cgi;

import java.net.http.HttpResponse;

import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A site moved over from {@code python -m http.server --cgi}: Python files under a CGI
 * prefix run with python3 even without the execute bit, with no configuration.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PythonScriptsIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/cgi-bin/hello.py",
				"import os\nprint('Content-Type: text/plain')\nprint()\nprint('python says ' + os.environ['SCRIPT_NAME'])\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		// The scripts' user may not reach a python3 in the test user's own PATH (pyenv).
		registry.add("cgi.env.PATH", () -> "/usr/local/bin:/usr/bin:/bin");
	}

	@LocalServerPort
	int port;

	@Test
	void pythonFilesWithoutTheExecuteBitRunWithPython3() {
		HttpResponse<String> response = new Http(this.port).get("/cgi-bin/hello.py");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("python says /cgi-bin/hello.py\n");
	}

}
