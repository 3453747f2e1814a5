package org.cgiserver.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.StatusPageProperties;
import org.cgiserver.support.Http;
import org.cgiserver.support.ScriptEnv;
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
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Kubernetes base, rendered by {@code kubectl kustomize}, agrees with the server: its
 * probe and scrape paths answer on the ports they name, its ports line up, the Service
 * leaves the management port out, a stranger coming through an ingress sees the site
 * only (the server under test takes the ConfigMap's forwarded-header settings), a
 * rollout lets the longest run finish, and the base leaves a platform's own machinery
 * alone: the replica count to the autoscaler, the API token out of the scripts' reach,
 * replicas spread over nodes and zones. No cluster is needed, and none is used.
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
		site.sh("www/cgi-bin/env.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\n'\nenv\n");
		// Read when the server starts, after render(): the pod's proxy settings, not the
		// ones Spring Boot would pick on detecting Kubernetes (which it cannot here).
		site.serve(registry);
		registry.add("server.forward-headers-strategy",
				() -> Objects.requireNonNullElse(setting("server.forward-headers-strategy"), "none"));
		registry.add("server.tomcat.remoteip.internal-proxies",
				() -> Objects.requireNonNullElse(setting("server.tomcat.remoteip.internal-proxies"), ""));
		// The pod's choice of one port or two, on free ports.
		registry.add("management.server.port", () -> separateManagementPort() ? "0" : "");
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
	void theAutoscalerOwnsTheReplicaCount() {
		Map<String, Object> deployment = object("Deployment");
		assertThat(map(deployment.get("spec"))).as("an apply would reset the autoscaler's count")
			.doesNotContainKey("replicas");
		Map<String, Object> autoscaler = map(object("HorizontalPodAutoscaler").get("spec"));
		assertThat(map(autoscaler.get("scaleTargetRef"))).containsEntry("kind", "Deployment")
			.containsEntry("name", map(deployment.get("metadata")).get("name"));
		assertThat(((Number) autoscaler.get("minReplicas")).intValue()).as("a pod to take over during a rollout")
			.isGreaterThanOrEqualTo(2);
	}

	@Test
	void scriptsCannotReadThePodsApiToken() {
		Map<String, Object> podSpec = map(podTemplate().get("spec"));
		assertThat(podSpec.get("automountServiceAccountToken")).as("scripts run as the server's user")
			.isEqualTo(false);
		String account = (String) podSpec.get("serviceAccountName");
		assertThat(account).as("an account of its own, not the namespace's default").isNotNull();
		assertThat(objects("ServiceAccount")).as("the ServiceAccount " + account)
			.filteredOn((object) -> account.equals(map(object.get("metadata")).get("name")))
			.singleElement()
			.satisfies((object) -> assertThat(object.get("automountServiceAccountToken")).isEqualTo(false));
	}

	@Test
	void forwardedHeadersAreTrustedBecauseTheConfigurationSaysSo() {
		assertThat(setting("server.forward-headers-strategy")).as("not left to Kubernetes detection")
			.isEqualTo("native");
		assertThat(setting("server.tomcat.remoteip.internal-proxies")).as("the proxies trusted, to narrow")
			.isNotBlank();
		// The server under test runs with those two settings: the ingress controller's
		// address (loopback here, a pod address in the cluster) is trusted to report the client.
		HttpResponse<String> response = throughIngress("/cgi-bin/env.sh");
		assertThat(ScriptEnv.parse(response.body())).containsEntry("REMOTE_ADDR", "203.0.113.9");
	}

	@Test
	void aStrangerThroughAnIngressSeesTheSiteOnly() {
		assertThat(separateManagementPort()).as("the operator's pages have a port of their own").isTrue();
		int managementPort = Integer.parseInt(managementPort());
		for (Map<String, Object> service : objects("Service")) {
			for (Object port : list(map(service.get("spec")).get("ports"))) {
				Object target = map(port).getOrDefault("targetPort", map(port).get("port"));
				assertThat(target).as("a Service port").isNotIn("management", managementPort, String.valueOf(managementPort));
			}
		}
		assertThat(objects("Ingress")).as("the base leaves ingresses to overlays, which reach the Service only")
			.isEmpty();
		String statusPage = Objects.requireNonNullElse(setting("cgi.status-page.path"),
				new StatusPageProperties().getPath());
		for (String path : List.of("/actuator", "/actuator/prometheus", "/actuator/cgi", "/actuator/health",
				statusPage, statusPage + "/data")) {
			HttpResponse<String> response = throughIngress(path);
			assertThat(response.statusCode()).as(path + " on the site's port").isIn(403, 404);
			assertThat(response.body()).as(path).doesNotContain("cgi_", "_links", "documentRoot", "running");
		}
		assertThat(throughIngress("/readyz").statusCode()).isEqualTo(200);
	}

	/**
	 * A rollout's stopping pod waits for the longest run a request can make (a wait for a
	 * script slot, the script's time limit, the kill grace) before it stops the server,
	 * and Kubernetes waits for that and the preStop pause before it kills the pod.
	 */
	@Test
	void aRolloutLetsTheLongestRunFinish() {
		CgiProperties defaults = new CgiProperties();
		Duration timeout = Stream
			.concat(Stream.of(duration("cgi.timeout", defaults.getTimeout())), prefixTimeouts().stream())
			.max(Comparator.naturalOrder())
			.orElseThrow();
		Duration killGrace = duration("cgi.kill-grace", defaults.getKillGrace());
		Duration longestRun = duration("cgi.queue-timeout", defaults.getQueueTimeout()).plus(timeout).plus(killGrace);
		Duration drain = duration("spring.lifecycle.timeout-per-shutdown-phase", Duration.ofSeconds(30));
		assertThat(drain).as("the drain against the longest run").isGreaterThanOrEqualTo(longestRun);
		Map<String, Object> podSpec = map(podTemplate().get("spec"));
		Duration grace = Duration.ofSeconds(((Number) podSpec.get("terminationGracePeriodSeconds")).longValue());
		List<Object> preStop = list(map(map(map(container().get("lifecycle")).get("preStop")).get("exec"))
			.get("command"));
		Duration pause = Duration
			.ofSeconds(Long.parseLong(((String) preStop.get(preStop.size() - 1)).replace("sleep", "").trim()));
		// After the drain, scripts still running get SIGTERM, the kill grace and SIGKILL;
		// then the JVM exits.
		Duration margin = killGrace.plusSeconds(5);
		assertThat(grace).as("the grace period against the preStop pause, the drain and a margin")
			.isGreaterThanOrEqualTo(pause.plus(drain).plus(margin));
	}

	@Test
	void replicasSpreadOverNodesAndZones() {
		Map<String, Object> labels = map(map(podTemplate().get("metadata")).get("labels"));
		assertThat(map(podTemplate().get("spec"))).containsKey("topologySpreadConstraints");
		List<Map<String, Object>> constraints = list(map(podTemplate().get("spec")).get("topologySpreadConstraints"))
			.stream()
			.map(KubernetesManifestsTests::map)
			.toList();
		for (String topology : List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone")) {
			assertThat(constraints).as(topology).anySatisfy((constraint) -> {
				assertThat(constraint).containsEntry("topologyKey", topology)
					.containsEntry("whenUnsatisfiable", "ScheduleAnyway");
				assertThat(labels).as("the pods it spreads are these")
					.containsAllEntriesOf(map(map(constraint.get("labelSelector")).get("matchLabels")));
			});
		}
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

	/** A request as an ingress controller passes it on, for a client on the internet. */
	private HttpResponse<String> throughIngress(String path) {
		Http http = new Http(this.port);
		return http.send(http.request(path).header("X-Forwarded-For", "203.0.113.9").build());
	}

	/** The management port the pod's server takes: the ConfigMap's, else the jar's. */
	private static String managementPort() {
		String port = setting("management.server.port");
		if (port != null) {
			return port;
		}
		try {
			return PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"))
				.getProperty("management.server.port", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean separateManagementPort() {
		String management = managementPort();
		return !management.isBlank() && !management.equals(Objects.requireNonNullElse(setting("server.port"), "8080"));
	}

	private static List<Duration> prefixTimeouts() {
		Object prefixes = map(application().getOrDefault("cgi", Map.of())).get("prefixes");
		if (prefixes == null) {
			return List.of();
		}
		return list(prefixes).stream()
			.map((prefix) -> map(prefix).get("timeout"))
			.filter(Objects::nonNull)
			.map((timeout) -> DurationStyle.detectAndParse(timeout.toString()))
			.toList();
	}

	private static Duration duration(String name, Duration otherwise) {
		String value = setting(name);
		return (value != null) ? DurationStyle.detectAndParse(value) : otherwise;
	}

	/**
	 * A setting of the ConfigMap's application.yml, by its dotted name, whether the file
	 * nests its parts or not; {@code null} when it is not there.
	 */
	private static String setting(String name) {
		Object value = application();
		String rest = name;
		while (value instanceof Map<?, ?> level) {
			if (level.containsKey(rest)) {
				return String.valueOf(level.get(rest));
			}
			int dot = rest.indexOf('.');
			if (dot < 0) {
				return null;
			}
			value = level.get(rest.substring(0, dot));
			rest = rest.substring(dot + 1);
		}
		return null;
	}

	private static Map<String, Object> application() {
		Map<String, Object> data = map(object("ConfigMap").get("data"));
		return map(new Yaml().load((String) data.get("application.yml")));
	}

	private static Map<String, Object> object(String kind) {
		return objects(kind).stream().findFirst().orElseThrow(() -> new AssertionError("no " + kind));
	}

	private static List<Map<String, Object>> objects(String kind) {
		return objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
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
