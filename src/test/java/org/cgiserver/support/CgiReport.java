package org.cgiserver.support;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what operators see of the runs: {@code /actuator/cgi} and
 * {@code /actuator/cgi/runs}.
 */
public final class CgiReport {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Http http;

	public CgiReport(int port) {
		this.http = new Http(port);
	}

	/** The whole report of {@code /actuator/cgi}. */
	public JsonNode report() {
		return read("/actuator/cgi");
	}

	/** The scripts running now, as the report counts them. */
	public int active() {
		return report().path("totals").path("active").asInt();
	}

	/** The recorded runs, newest first. */
	public List<JsonNode> runs() {
		List<JsonNode> runs = new ArrayList<>();
		read("/actuator/cgi/runs").path("runs").forEach(runs::add);
		return runs;
	}

	/**
	 * Waits until a run of the script is recorded (runs are recorded when the script
	 * has exited, which may be after its response).
	 * @param script the script's SCRIPT_NAME
	 * @return its newest run
	 */
	public JsonNode awaitRun(String script) {
		return awaitRun(script, 1);
	}

	/**
	 * Waits until the script's runs are recorded.
	 * @param script the script's SCRIPT_NAME
	 * @param count how many runs of it there are to be
	 * @return its newest run
	 */
	public JsonNode awaitRun(String script, int count) {
		AtomicReference<List<JsonNode>> found = new AtomicReference<>(List.of());
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
			found.set(runs().stream().filter((run) -> script.equals(run.path("script").asString())).toList());
			return found.get().size() >= count;
		});
		return found.get().get(0);
	}

	/**
	 * The most recent failure of a script, with its exit status, signal and standard
	 * error.
	 * @param script the script's SCRIPT_NAME
	 * @return the failure, a missing node when there was none
	 */
	public JsonNode lastFailure(String script) {
		return report().path("scripts").path(script).path("lastFailure");
	}

	private JsonNode read(String path) {
		HttpResponse<String> response = this.http.get(path);
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return json.readTree(response.body());
	}

}
