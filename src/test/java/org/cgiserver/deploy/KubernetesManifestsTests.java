package org.cgiserver.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Kubernetes base, rendered by {@code kubectl kustomize}, agrees with the server: its
 * probe and scrape paths answer on the ports they name, its ports line up, the Service
 * leaves the management port out, and a stopping pod gets more time than the server
 * takes to drain. No cluster is needed, and none is used.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
class KubernetesManifestsTests {

	private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static List<Map<String, Object>> objects;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.file("www/index.html", "home");
		site.serve(registry);
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@BeforeAll
	static void render() throws Exception {
		assumeTrue(Files.isExecutable(KUBECTL), "kubectl (Debian's kubernetes-client) is not installed");
		// Newer kubectl warns on stderr about the old commonLabels field; only stdout is YAML.
		Process kubectl = new ProcessBuilder(KUBECTL.toString(), "kustomize", "deploy/k8s/base")
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(kubectl.exitValue()).as(yaml).isZero();
		objects = new ArrayList<>();
		for (Object document : new Yaml().loadAll(yaml)) {
			objects.add(map(document));
		}
	}

	@Test
	void probeAndScrapePathsAnswer() {
		Map<String, Object> container = container();
		for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
			Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
			Http http = new Http(testPort(containerPort((String) get.get("port"))));
			assertThat(http.get((String) get.get("path")).statusCode()).as(probe).isEqualTo(200);
		}
		Map<String, Object> annotations = map(map(podTemplate().get("metadata")).get("annotations"));
		Http scraped = new Http(testPort(Integer.parseInt((String) annotations.get("prometheus.io/port"))));
		assertThat(scraped.get((String) annotations.get("prometheus.io/path")).body()).contains("cgi_active");
	}

	@Test
	void portsLineUp() {
		Map<String, Object> container = container();
		Map<String, Object> management = map(map(application().get("management")).get("server"));
		assertThat(containerPort("http")).isEqualTo(map(application().get("server")).get("port"));
		assertThat(containerPort("management")).isEqualTo(management.get("port"));
		assertThat(management.get("address")).as("Prometheus scrapes from the pod network").isEqualTo("0.0.0.0");
		for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
			assertThat(map(map(container.get(probe)).get("httpGet")).get("port")).as(probe).isEqualTo("http");
		}
		List<Object> servicePorts = list(map(object("Service").get("spec")).get("ports"));
		assertThat(servicePorts).as("the Service exposes the site only")
			.singleElement()
			.satisfies((port) -> assertThat(map(port).get("targetPort")).isEqualTo("http"));
		Map<String, Object> annotations = map(map(podTemplate().get("metadata")).get("annotations"));
		assertThat(annotations.get("prometheus.io/port")).isEqualTo(String.valueOf(management.get("port")));
	}

	@Test
	void aStoppingPodGetsMoreTimeThanTheServerTakesToDrain() {
		Map<String, Object> podSpec = map(podTemplate().get("spec"));
		Duration grace = Duration.ofSeconds(((Number) podSpec.get("terminationGracePeriodSeconds")).longValue());
		List<Object> preStop = list(map(map(map(container().get("lifecycle")).get("preStop")).get("exec"))
			.get("command"));
		String pause = ((String) preStop.get(preStop.size() - 1)).replace("sleep", "").trim();
		Map<String, Object> application = application();
		Duration drain = DurationStyle.detectAndParse(
				(String) map(map(application.get("spring")).get("lifecycle")).get("timeout-per-shutdown-phase"));
		Duration scriptTimeout = DurationStyle.detectAndParse((String) map(application.get("cgi")).get("timeout"));
		Duration killGrace = Duration.ofSeconds(5);
		assertThat(grace).isGreaterThan(Duration.ofSeconds(Long.parseLong(pause)).plus(drain).plus(killGrace))
			.isGreaterThan(scriptTimeout);
	}

	@Test
	void theRootFileSystemIsReadOnlyAndTheSpoolWritable() {
		Map<String, Object> container = container();
		assertThat(map(container.get("securityContext")).get("readOnlyRootFilesystem")).isEqualTo(true);
		String spool = (String) map(map(application().get("cgi")).get("request-spool")).get("folder");
		assertThat(list(container.get("volumeMounts"))).anySatisfy(
				(mount) -> assertThat(map(mount).get("mountPath")).isEqualTo(spool));
	}

	private static Map<String, Object> container() {
		Map<String, Object> podSpec = map(podTemplate().get("spec"));
		return map(list(podSpec.get("containers")).get(0));
	}

	private static Map<String, Object> podTemplate() {
		return map(map(object("Deployment").get("spec")).get("template"));
	}

	/** The number of the container's port of that name. */
	private static int containerPort(String name) {
		return list(container().get("ports")).stream()
			.map(KubernetesManifestsTests::map)
			.filter((port) -> name.equals(port.get("name")))
			.map((port) -> ((Number) port.get("containerPort")).intValue())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + name));
	}

	/** The port of the server under test that plays the pod's port of that number. */
	private int testPort(int podPort) {
		Map<String, Object> application = application();
		if (Integer.valueOf(podPort).equals(map(application.get("server")).get("port"))) {
			return this.port;
		}
		if (Integer.valueOf(podPort).equals(map(map(application.get("management")).get("server")).get("port"))) {
			return this.managementPort;
		}
		throw new AssertionError("port " + podPort + " is neither the server's nor the management port");
	}

	private static Map<String, Object> application() {
		Map<String, Object> data = map(object("ConfigMap").get("data"));
		return map(new Yaml().load((String) data.get("application.yml")));
	}

	private static Map<String, Object> object(String kind) {
		return objects.stream().filter((object) -> kind.equals(object.get("kind"))).findFirst().orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (List<Object>) value;
	}

}
