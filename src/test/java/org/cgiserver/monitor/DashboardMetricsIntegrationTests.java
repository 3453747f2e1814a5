package org.cgiserver.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus alerts use only metrics the server exports,
 * and a script's series are there once it has run once, successfully and without a
 * request body: they cannot drift apart from the code unnoticed.
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
		assertThat(http.get("/cgi-bin/ok.sh").body()).isEqualTo("fine");
		Actuator actuator = new Actuator(this.managementPort);
		actuator.awaitRuns("/cgi-bin/ok.sh", 1);
		Set<String> exported = exported(actuator.prometheus());
		Set<String> used = new TreeSet<>();
		for (String query : dashboardQueries()) {
			used.addAll(metrics(query));
		}
		used.addAll(metrics(Files.readString(Path.of("deploy/prometheus/alerts.yml"))));
		assertThat(used).contains("cgi_outcomes_total", "cgi_runs_seconds_bucket", "cgi_bytes_in_bytes_total",
				"cgi_active", "cgi_max_concurrent", ONLY_WITH_ACME);
		// Exported only with automatic certificates on: AcmeIntegrationTests reads it.
		used.remove(ONLY_WITH_ACME);
		assertThat(exported).containsAll(used);
	}

	@Test
	void everyPanelHasATitleAndAQuery() {
		JsonNode dashboard = dashboard();
		Set<Integer> ids = new TreeSet<>();
		for (JsonNode panel : dashboard.get("panels")) {
			assertThat(ids.add(panel.get("id").asInt())).as("unique id %s", panel.get("id")).isTrue();
			assertThat(panel.get("title").asString()).isNotBlank();
			assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
		}
		assertThat(dashboard.get("panels")).anySatisfy((panel) -> assertThat(panel.toString())
			.contains("cgi_tls_certificate_expiry_seconds"));
	}

	/** The dashboard, which must be valid JSON. */
	private static JsonNode dashboard() {
		return JsonMapper.builder().build().readTree(Path.of("deploy/grafana/cgiserver.json").toFile());
	}

	/** The PromQL of every panel and of the instance picker. */
	private static List<String> dashboardQueries() {
		JsonNode dashboard = dashboard();
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				queries.add(target.get("expr").asString());
			}
		}
		for (JsonNode variable : dashboard.get("templating").get("list")) {
			if (variable.has("query") && variable.get("type").asString().equals("query")) {
				queries.add(variable.get("query").asString());
			}
		}
		return queries;
	}

	private static Set<String> metrics(String promql) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(promql);
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
