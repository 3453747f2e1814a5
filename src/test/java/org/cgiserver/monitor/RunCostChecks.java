package org.cgiserver.monitor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cgiserver.process.ServerUser;
import org.cgiserver.support.AccessLog;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The scripts and checks of the run-cost tests: a run's figures in {@code /actuator/cgi},
 * Prometheus and the access log on a JDK 22+, and none at all, never zeros, before.
 */
final class RunCostChecks {

	private static final boolean MEASURED = Runtime.version().feature() >= 22;

	private RunCostChecks() {
	}

	static void scripts(TestSite site) {
		// The CPU is burnt by a child the script waits for: the run's figure covers it.
		site.sh("www/cgi-bin/burn.sh", "perl -e '1 while (times)[0] < 0.3'\nprintf 'Content-Type: text/plain\\n\\nburnt'\n");
		site.script("www/cgi-bin/memory.pl", "#!/usr/bin/perl\nmy $x = \"a\" x 50_000_000;\n"
				+ "print \"Content-Type: text/plain\\n\\n\", length $x;\n");
	}

	static void assertCpuTime(int port, int managementPort, CapturedOutput output) {
		Actuator actuator = new Actuator(managementPort);
		assertThat(new Http(port).get("/cgi-bin/burn.sh").body()).isEqualTo("burnt");
		JsonNode script = actuator.awaitRuns("/cgi-bin/burn.sh", 1);
		AccessLog.Line line = AccessLog.awaitLine(output, "/cgi-bin/burn.sh");
		String prometheus = actuator.prometheus();
		if (!MEASURED) {
			assertNoFigure(script, line, prometheus, "/cgi-bin/burn.sh");
			return;
		}
		JsonNode cost = script.get("cost");
		assertThat(cost.get("measuredRuns").asLong()).isOne();
		assertThat(cost.get("cpuMillis").asDouble()).isBetween(280.0, 5000.0);
		assertThat(cost.get("userCpuMillis").asDouble()).isGreaterThanOrEqualTo(250.0);
		assertThat(cost.get("p95CpuMillis").asDouble()).isEqualTo(cost.get("cpuMillis").asDouble());
		assertThat(Double.parseDouble(line.get("cpu_ms"))).isCloseTo(cost.get("cpuMillis").asDouble(), within(0.01));
		assertThat(Double.parseDouble(line.get("cpu_user_ms")) + Double.parseDouble(line.get("cpu_system_ms")))
			.isCloseTo(Double.parseDouble(line.get("cpu_ms")), within(0.01));
		assertThat(sample(prometheus, "cgi_run_cpu_seconds_count", "/cgi-bin/burn.sh")).isEqualTo(1.0);
		assertThat(sample(prometheus, "cgi_run_cpu_seconds_sum", "/cgi-bin/burn.sh")).isBetween(0.28, 5.0);
		// A few megabytes of sh and perl: below the JVM they were spawned from, whose
		// memory the kernel counts in, so unknown rather than the JVM's.
		assertNoMemoryFigure(cost, line, prometheus, "/cgi-bin/burn.sh");
	}

	private static void assertNoMemoryFigure(JsonNode cost, AccessLog.Line line, String prometheus, String script) {
		assertThat(cost.get("memoryMeasuredRuns").asLong()).isZero();
		assertThat(cost.get("maxMemoryBytes").isNull()).isTrue();
		assertThat(line.fields()).doesNotContainKey("max_rss_kb");
		assertThat(prometheus).doesNotContain("cgi_run_memory_bytes_max{script=\"" + script + "\"}");
	}

	static void assertPeakMemory(int port, int managementPort, CapturedOutput output) {
		Actuator actuator = new Actuator(managementPort);
		assertThat(new Http(port).get("/cgi-bin/memory.pl").body()).isEqualTo("50000000");
		JsonNode script = actuator.awaitRuns("/cgi-bin/memory.pl", 1);
		AccessLog.Line line = AccessLog.awaitLine(output, "/cgi-bin/memory.pl");
		String prometheus = actuator.prometheus();
		if (!MEASURED) {
			assertNoFigure(script, line, prometheus, "/cgi-bin/memory.pl");
			return;
		}
		JsonNode cost = script.get("cost");
		if (!ServerUser.current().root()) {
			// Spawned by the server itself (a root server's spawn helper is a small JVM), whose
			// peak, which the kernel counts in, is above these 50 MB: unknown, never the JVM's.
			assertNoMemoryFigure(cost, line, prometheus, "/cgi-bin/memory.pl");
			return;
		}
		long peak = cost.get("maxMemoryBytes").asLong();
		assertThat(peak).isBetween(50_000_000L, 1_000_000_000L);
		assertThat(cost.get("p95MemoryBytes").asLong()).isEqualTo(peak);
		assertThat(Long.parseLong(line.get("max_rss_kb"))).isEqualTo(peak / 1024);
		assertThat(sample(prometheus, "cgi_run_memory_bytes_max", "/cgi-bin/memory.pl")).isEqualTo(peak);
	}

	private static void assertNoFigure(JsonNode script, AccessLog.Line line, String prometheus, String name) {
		assertThat(script.get("runs").asLong()).isOne();
		assertThat(script.get("cost").isNull()).as("cost of %s", name).isTrue();
		assertThat(line.fields()).doesNotContainKeys("cpu_ms", "cpu_user_ms", "cpu_system_ms", "max_rss_kb");
		assertThat(prometheus).doesNotContain("cgi_run_cpu").doesNotContain("cgi_run_memory");
	}

	private static double sample(String prometheus, String name, String script) {
		Matcher sample = Pattern.compile("(?m)^" + name + "\\{script=\"" + Pattern.quote(script) + "\"} (\\S+)$")
			.matcher(prometheus);
		assertThat(sample.find()).as("%s of %s in%n%s", name, script, prometheus).isTrue();
		return Double.parseDouble(sample.group(1));
	}

}
