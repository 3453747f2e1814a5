package org.cgiserver.support;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the server's actuator endpoints as JSON, and waits for what they report: a
 * script's runs to be recorded (which happens when the script has exited, possibly after
 * its response), or every script slot to be free again.
 */
public final class Actuator {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final Http http;

	public Actuator(int port) {
		this(new Http(port));
	}

	public Actuator(Http http) {
		this.http = http;
	}

	/** The JSON of {@code /actuator/PATH}, which must answer 200. */
	public JsonNode get(String path) {
		return read(path, 200);
	}

	/** The JSON of {@code /actuator/PATH}, which must answer the given status. */
	public JsonNode read(String path, int status) {
		HttpResponse<String> response = this.http.get("/actuator/" + path);
		assertThat(response.statusCode()).as("status of /actuator/%s", path).isEqualTo(status);
		return json.readTree(response.body());
	}

	/** {@code /actuator/cgi}. */
	public JsonNode cgi() {
		return get("cgi");
	}

	/** {@code /actuator/cgi}'s totals. */
	public JsonNode totals() {
		return cgi().get("totals");
	}

	/** One script's statistics in {@code /actuator/cgi}, or {@code null} when it has none. */
	public JsonNode script(String name) {
		return cgi().get("scripts").get(name);
	}

	/** The recent runs of {@code /actuator/cgi/runs}, newest first. */
	public List<JsonNode> runs() {
		List<JsonNode> runs = new ArrayList<>();
		get("cgi/runs").get("runs").forEach(runs::add);
		return runs;
	}

	/** Waits for a script's first run to be recorded, and gives its newest run in {@code /actuator/cgi/runs}. */
	public JsonNode lastRun(String script) {
		awaitRuns(script, 1);
		return runs().stream()
			.filter((run) -> run.get("script").asString().equals(script))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No run of " + script + " in the history"));
	}

	/** The text of {@code /actuator/prometheus}. */
	public String prometheus() {
		HttpResponse<String> response = this.http.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/**
	 * A meter's measurement in {@code /actuator/metrics}.
	 * @param name the meter
	 * @param statistic the statistic (VALUE, COUNT, TOTAL...)
	 * @param tags tags as {@code key:value}
	 * @return the value
	 */
	public double metric(String name, String statistic, String... tags) {
		StringBuilder path = new StringBuilder("metrics/").append(name);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(tags[i]);
		}
		for (JsonNode measurement : get(path.toString()).get("measurements")) {
			if (measurement.get("statistic").asString().equals(statistic)) {
				return measurement.get("value").asDouble();
			}
		}
		throw new AssertionError("No " + statistic + " in " + path);
	}

	/** Waits until a script has at least this many runs and rejections recorded. */
	public JsonNode awaitRuns(String name, int runs) {
		Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
			JsonNode script = script(name);
			return script != null && script.get("runs").asLong() + script.get("rejected").asLong() >= runs;
		});
		return script(name);
	}

	/**
	 * Waits until no script runs: the slots of earlier runs are free again (they are
	 * released when the script has exited, after its response).
	 */
	public void awaitIdle() {
		Awaitility.await()
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> totals().get("active").asInt() == 0);
	}

}
