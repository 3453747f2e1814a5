package org.cgiserver.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cgiserver.support.Programs;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alert rules and the example Prometheus configuration, as Prometheus's own
 * {@code promtool} reads them: valid, each alert firing in a test case of its own, and
 * the down alert watching the job the configuration scrapes.
 */
class PrometheusRulesTests {

	private static final Path FOLDER = Path.of("deploy/prometheus");

	@Test
	void everyAlertFiresInATestCase() throws IOException {
		Set<String> alerts = new TreeSet<>();
		for (Map<String, Object> rule : rules()) {
			alerts.add((String) rule.get("alert"));
		}
		Set<String> firing = new TreeSet<>();
		for (Map<String, Object> test : list(yaml("alerts-test.yml").get("tests"))) {
			for (Map<String, Object> check : list(test.get("alert_rule_test"))) {
				if (!list(check.get("exp_alerts")).isEmpty()) {
					firing.add((String) check.get("alertname"));
				}
			}
		}
		assertThat(firing).isEqualTo(alerts);
	}

	@Test
	void theDownAlertWatchesTheScrapedJob() throws IOException {
		Map<String, Object> scrape = list(yaml("prometheus.yml").get("scrape_configs")).get(0);
		String down = rules().stream()
			.filter((rule) -> "CgiServerDown".equals(rule.get("alert")))
			.map((rule) -> (String) rule.get("expr"))
			.findFirst()
			.orElseThrow();
		Matcher job = Pattern.compile("up\\{job=\"([^\"]+)\"}").matcher(down);
		assertThat(job.find()).as(down).isTrue();
		assertThat(job.group(1)).isEqualTo(scrape.get("job_name"));
		assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
	}

	@Test
	void promtoolChecksTheConfigurationAndRunsTheTestCases() {
		Path promtool = Programs.find("promtool");
		assumeTrue(promtool != null, "promtool (Debian's prometheus) is not installed");
		Programs.Result check = Programs.run(List.of(promtool.toString(), "check", "config",
				FOLDER.resolve("prometheus.yml").toString()));
		assertThat(check.status()).as(check.toString()).isZero();
		Programs.Result test = Programs.run(List.of(promtool.toString(), "test", "rules",
				FOLDER.resolve("alerts-test.yml").toString()));
		assertThat(test.status()).as(test.toString()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	private static List<Map<String, Object>> rules() throws IOException {
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : list(yaml("alerts.yml").get("groups"))) {
			rules.addAll(list(group.get("rules")));
		}
		return rules;
	}

	private static Map<String, Object> yaml(String file) throws IOException {
		return new Yaml().load(Files.readString(FOLDER.resolve(file)));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : List.of();
	}

}
