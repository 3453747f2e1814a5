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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Kubernetes base, rendered by {@code kubectl kustomize}, agrees with the server: its
 * probe and scrape paths answer, its ports line up, and a stopping pod gets more time
 * than the server takes to drain. No cluster is needed, and none is used.
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
		Map<String, Object> annotations = map(map(podTemplate().get("metadata")).get("annotations"));
		List<String> paths = List.of(probePath(container, "startupProbe"), probePath(container, "readinessProbe"),
				probePath(container, "livenessProbe"), (String) annotations.get("prometheus.io/path"));
		Http http = new Http(this.port);
		for (String path : paths) {
			assertThat(http.get(path).statusCode()).as(path).isEqualTo(200);
		}
	}

	@Test
	void portsLineUp() {
		Map<String, Object> container = container();
		Map<String, Object> containerPort = map(list(container.get("ports")).get(0));
		Map<String, Object> server = map(application().get("server"));
		assertThat(containerPort.get("containerPort")).isEqualTo(server.get("port"));
		String portName = (String) containerPort.get("name");
		for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
			assertThat(map(map(container.get(probe)).get("httpGet")).get("port")).as(probe).isEqualTo(portName);
		}
		Map<String, Object> servicePort = map(list(map(object("Service").get("spec")).get("ports")).get(0));
		assertThat(servicePort.get("targetPort")).isEqualTo(portName);
		Map<String, Object> annotations = map(map(podTemplate().get("metadata")).get("annotations"));
		assertThat(annotations.get("prometheus.io/port")).isEqualTo(String.valueOf(server.get("port")));
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

	private static String probePath(Map<String, Object> container, String probe) {
		return (String) map(map(container.get(probe)).get("httpGet")).get("path");
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
