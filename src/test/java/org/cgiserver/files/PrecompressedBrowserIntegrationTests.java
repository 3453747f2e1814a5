package org.cgiserver.files;

import java.io.IOException;

import org.cgiserver.support.HeadlessChromium;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A browser renders a page whose style sheet and script are precompressed siblings: it
 * is sent them gzip-coded (fewer bytes than it decodes, as its resource timing tells),
 * decodes them, applies the style and runs the script.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PrecompressedBrowserIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	private static final String STYLE = "/* padding, so that compression shows */\n".repeat(100)
			+ "#box { color: rgb(0, 128, 0); }\n";

	private static final String SCRIPT = "// padding, so that compression shows\n".repeat(100)
			+ "document.getElementById('box').dataset.ran = 'yes';\n";

	static {
		site.file("www/page.html", "<!doctype html><html><head><title>Styled</title>"
				+ "<link rel=\"stylesheet\" href=\"/style.css\"></head>"
				+ "<body><p id=\"box\">Green</p><script src=\"/app.js\"></script></body></html>\n");
		site.file("www/style.css", STYLE);
		site.file("www/style.css.gz", PrecompressedFilesIntegrationTests.gzip(STYLE), "rw-r--r--");
		site.file("www/app.js", SCRIPT);
		site.file("www/app.js.gz", PrecompressedFilesIntegrationTests.gzip(SCRIPT), "rw-r--r--");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("cgi.precompressed", "true");
	}

	@LocalServerPort
	int port;

	@Test
	void thePageIsRenderedWithItsCompressedStyleAndScript() throws IOException {
		assumeTrue(HeadlessChromium.program() != null, "needs Debian's chromium package (.ci/run installs it)");
		try (HeadlessChromium browser = HeadlessChromium.start(800, 600)) {
			browser.open("http://127.0.0.1:" + this.port + "/page.html");
			assertThat(browser.evaluate("getComputedStyle(document.getElementById('box')).color").asString())
				.isEqualTo("rgb(0, 128, 0)");
			assertThat(browser.evaluate("document.getElementById('box').dataset.ran").asString()).isEqualTo("yes");
			for (String file : new String[] { "style.css", "app.js" }) {
				String entry = "performance.getEntriesByName(location.origin + '/" + file + "')[0]";
				assertThat(browser.evaluate(entry + ".decodedBodySize").asInt()).as(file)
					.isEqualTo((file.equals("style.css") ? STYLE : SCRIPT).length());
				assertThat(browser.evaluate(entry + ".encodedBodySize").asInt()).as(file)
					.isLessThan(browser.evaluate(entry + ".decodedBodySize").asInt() / 4);
			}
		}
	}

}
