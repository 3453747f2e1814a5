package org.cgiserver.errors;

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
 * What a browser and an API client see when something goes wrong.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ErrorPagesIntegrationTests {

	private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/index.html", "home");
		site.file("www/errors/403.html", "<h1>Our own forbidden page</h1>");
		site.file("www/closed/page.html", "closed");
		site.sh("www/cgi-bin/own404.sh", "printf 'Status: 404 Not Here\\r\\nContent-Type: text/plain\\r\\n\\r\\nthe script says no'\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("cgi.error-pages.403", "/errors/403.html")
			.set("cgi.auth.rules[0].path", "/closed/**")
			.set("cgi.auth.rules[0].allow-from", "192.0.2.0/24");
	}

	@LocalServerPort
	int port;

	@Test
	void aBrowserGetsAShortPageThatSaysWhatHappenedToWhichPath() {
		HttpResponse<String> response = browser("/missing/page.html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("<title>404 Not Found</title>", "/missing/page.html", "cgiserver")
			.doesNotContain("Whitelabel", "/error", "mapping");
	}

	@Test
	void thePathIsEscaped() {
		HttpResponse<String> response = browser("/a&b'c.html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("/a&amp;b&#39;c.html").doesNotContain("a&b");
	}

	@Test
	void anApiClientKeepsTheJsonBody() {
		HttpResponse<String> response = new Http(this.port).send(new Http(this.port).request("/missing.json")
			.header("Accept", "application/json")
			.build());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"status\":404", "\"path\":\"/missing.json\"");
	}

	@Test
	void anOperatorsPageReplacesTheBuiltInOneForItsStatus() {
		HttpResponse<String> response = browser("/closed/page.html");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).isEqualTo("<h1>Our own forbidden page</h1>");
	}

	@Test
	void aScriptsOwnErrorBodyPassesUntouched() {
		HttpResponse<String> response = browser("/cgi-bin/own404.sh");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("the script says no");
	}

	private HttpResponse<String> browser(String path) {
		Http http = new Http(this.port);
		return http.send(http.request(path).header("Accept", BROWSER).build());
	}

}
