package org.cgiserver.monitor;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.cgiserver.support.HeadlessChromium;
import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in a real browser: it shows the scripts that ran and the one running
 * now, escapes what scripts wrote, and its charts move while it is open. A screenshot is
 * left at {@code target/status-page.png}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class StatusPageBrowserIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final Path release = site.writableFolder("signals").resolve("release");

	static {
		site.textScript("www/cgi-bin/ok.sh", "fine");
		site.sh("www/cgi-bin/fails.sh", "echo 'disk <b>full</b>' >&2\nexit 3\n");
		// Gives up by itself after 20 s, so that a failed test leaves nothing running.
		site.sh("www/cgi-bin/waits.sh", "i=0\nwhile [ ! -e '" + release + "' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done\n"
				+ "printf 'Content-Type: text/plain\\n\\ndone'\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry);
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@AfterEach
	void releaseTheWaitingScript() throws IOException {
		if (!Files.exists(release)) {
			Files.createFile(release);
		}
	}

	@Test
	void showsRunsFailuresAndRunningScriptsLive() throws IOException {
		assumeTrue(HeadlessChromium.program() != null, "needs Debian's chromium package (.ci/run installs it)");
		Http http = new Http(this.port);
		assertThat(new Http(this.managementPort).get("/cgi-status").headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((policy) -> assertThat(policy).startsWith("default-src 'none';")
				.contains("; script-src 'sha256-", "frame-ancestors 'none'"));
		try (HeadlessChromium browser = HeadlessChromium.start(1200, 900)) {
			browser.open("http://127.0.0.1:" + this.managementPort + "/cgi-status");
			browser.awaitTrue("document.body.dataset.updates >= 1");
			assertThat(browser.evaluate("document.querySelector('#chart-runs').dataset.peak").asString()).isEqualTo("0");
			assertThat(browser.evaluate("document.querySelector('#scripts tbody').textContent").asString())
				.contains("No script has run yet.");

			for (int i = 0; i < 3; i++) {
				assertThat(http.get("/cgi-bin/ok.sh").body()).isEqualTo("fine");
			}
			assertThat(http.get("/cgi-bin/fails.sh").statusCode()).isEqualTo(502);
			CompletableFuture<HttpResponse<String>> waiting = http.client()
				.sendAsync(http.request("/cgi-bin/waits.sh").build(), HttpResponse.BodyHandlers.ofString());

			browser.awaitTrue(row("/cgi-bin/ok.sh") + "?.cells[1].textContent === '3'");
			browser.awaitTrue(row("/cgi-bin/fails.sh") + "?.cells[2].textContent === '1'");
			browser.awaitTrue("document.querySelector('#running tbody').textContent.includes('/cgi-bin/waits.sh')");
			assertThat(browser.evaluate("document.querySelector('#running tbody tr').textContent").asString())
				.contains("GET").contains("127.0.0.1");
			assertThat(browser.evaluate(row("/cgi-bin/ok.sh") + "?.cells[9].textContent").asString())
				.as("CPU p95 / peak memory, n/a where the JDK gives no figure")
				.matches("(n/a|[0-9.]+ m?s) / (n/a|[0-9.]+ (B|KiB|MiB|GiB|TiB))");
			assertThat(browser.evaluate(row("/cgi-bin/fails.sh") + "?.cells[11].textContent").asString())
				.contains("the script wrote no output").contains("disk <b>full</b>");
			assertThat(browser.evaluate("document.querySelectorAll('#scripts b').length").asInt())
				.as("what a script wrote is shown as text, never as markup").isZero();
			assertThat(browser.evaluate("document.querySelector('#total-runs b').textContent").asString()).isEqualTo("4");
			assertThat(browser.evaluate("document.querySelector('#total-sessions b').textContent").asString())
				.isEqualTo("0 / 1000");
			assertThat(browser.evaluate("document.querySelector('#total-failures b').textContent").asString())
				.isEqualTo("1");
			assertThat(browser.evaluate("Number(document.querySelector('#chart-runs').dataset.peak)").asInt())
				.as("the chart of runs per interval moved").isPositive();
			assertThat(browser.evaluate("document.querySelectorAll('#chart-runs rect').length").asInt()).isPositive();
			assertThat(browser.evaluate("Number(document.querySelector('#chart-latency').dataset.peak)").asDouble())
				.isPositive();
			browser.evaluate("document.querySelector('#scripts details').open = true");
			browser.screenshot(Path.of("target/status-page.png"));

			releaseTheWaitingScript();
			assertThat(waiting.join().body()).isEqualTo("done");
			browser.awaitTrue("document.querySelector('#running tbody').textContent.includes('No script is running.')");
			browser.awaitTrue(row("/cgi-bin/waits.sh") + "?.cells[1].textContent === '1'");
		}
	}

	private static String row(String script) {
		return "document.querySelector('#scripts tr[data-script=\"" + script + "\"]')";
	}

}
