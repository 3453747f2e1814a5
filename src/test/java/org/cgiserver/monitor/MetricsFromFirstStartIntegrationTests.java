package org.cgiserver.monitor;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script's counters are scraped at zero from its first start, before the event they
 * count: Prometheus's {@code rate()} misses whatever a series' first sample holds, so a
 * first burst of timeouts would otherwise raise no alert.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
class MetricsFromFirstStartIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.textScript("www/cgi-bin/ok.sh", "fine");
		site.sh("www/cgi-bin/hangs.sh", "exec sleep 60\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("cgi.timeout", "5s");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void everyOutcomeAndTheBytesInAreZeroOnceAScriptHasRun() {
		Http http = new Http(this.port);
		assertThat(http.get("/cgi-bin/ok.sh").body()).isEqualTo("fine");
		Actuator actuator = new Actuator(this.managementPort);
		actuator.awaitRuns("/cgi-bin/ok.sh", 1);
		String prometheus = actuator.prometheus();
		assertThat(prometheus).contains("cgi_outcomes_total{outcome=\"success\",script=\"/cgi-bin/ok.sh\"} 1.0",
				"cgi_outcomes_total{outcome=\"failure\",script=\"/cgi-bin/ok.sh\"} 0.0",
				"cgi_outcomes_total{outcome=\"timeout\",script=\"/cgi-bin/ok.sh\"} 0.0",
				"cgi_outcomes_total{outcome=\"aborted\",script=\"/cgi-bin/ok.sh\"} 0.0",
				"cgi_outcomes_total{outcome=\"rejected\",script=\"/cgi-bin/ok.sh\"} 0.0",
				"cgi_bytes_in_bytes_total{script=\"/cgi-bin/ok.sh\"} 0.0");
	}

	@Test
	void aFirstRunsTimeoutIsScrapedAtZeroBeforeItHappens() {
		Http http = new Http(this.port);
		Actuator actuator = new Actuator(this.managementPort);
		CompletableFuture<HttpResponse<String>> response = http.client()
			.sendAsync(http.request("/cgi-bin/hangs.sh").build(), HttpResponse.BodyHandlers.ofString());
		String timeouts = "cgi_outcomes_total{outcome=\"timeout\",script=\"/cgi-bin/hangs.sh\"} ";
		// The first scrape that has the series, taken while the script still runs.
		String first = Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(actuator::prometheus, (scrape) -> scrape.contains(timeouts));
		assertThat(first).contains(timeouts + "0.0");
		assertThat(response.join().statusCode()).isEqualTo(504);
		actuator.awaitRuns("/cgi-bin/hangs.sh", 1);
		assertThat(actuator.prometheus()).contains(timeouts + "1.0");
	}

}
