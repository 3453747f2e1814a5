package org.cgiserver.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The Grafana dashboard and the Prometheus alerts use only metrics the server exports:
 * they cannot drift apart from the code unnoticed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
class DashboardMetricsIntegrationTests {

	/** Metric names of ours, the JVM's and Spring's in a PromQL text. */
	private static final Pattern METRIC = Pattern.compile("\\b((?:cgi|jvm|process|http_server|tomcat|system)_[a-z0-9_]+)\\b");

	private static final String ONLY_WITH_ACME = "cgi_tls_certificate_expiry_seconds";

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.textScript("www/cgi-bin/ok.sh", "fine");
		site.sh("www/cgi-bin/fails.sh", "exit 3\n");
		site.sh("www/cgi-bin/echo.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\n'\nexec cat\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry);
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void everyMetricOfTheDashboardAndTheAlertsIsExported() throws IOException {
		Http http = new Http(this.port);
		http.get("/cgi-bin/ok.sh");
		http.get("/cgi-bin/fails.sh");
		assertThat(http.post("/cgi-bin/echo.sh", "a request body").body()).isEqualTo("a request body");
		Actuator actuator = new Actuator(this.managementPort);
		actuator.awaitRuns("/cgi-bin/fails.sh", 1);
		actuator.awaitRuns("/cgi-bin/echo.sh", 1);
		Set<String> exported = exported(actuator.prometheus());
		Set<String> used = new TreeSet<>();
		used.addAll(metrics(Path.of("deploy/grafana/cgiserver.json")));
		used.addAll(metrics(Path.of("deploy/prometheus/alerts.yml")));
		assertThat(used).contains("cgi_runs_seconds_count", "cgi_runs_seconds_bucket", "cgi_active",
				"cgi_max_concurrent", ONLY_WITH_ACME);
		// Exported only with automatic certificates on: AcmeIntegrationTests reads it.
		used.remove(ONLY_WITH_ACME);
		assertThat(exported).containsAll(used);
	}

	private static Set<String> metrics(Path file) throws IOException {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(Files.readString(file));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static Set<String> exported(String prometheus) {
		Set<String> names = new TreeSet<>();
		for (String line : prometheus.split("\n")) {
			if (!line.isEmpty() && !line.startsWith("#")) {
				int end = line.indexOf('{');
				names.add(line.substring(0, (end >= 0) ? end : line.indexOf(' ')));
			}
		}
		return names;
	}

}
