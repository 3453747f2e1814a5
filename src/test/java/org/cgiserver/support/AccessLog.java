package org.cgiserver.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lines of the access log (logger {@code cgiserver.access}) in captured output, as
 * their {@code key=value} fields.
 */
public final class AccessLog {

	private static final String LOGGER = "cgiserver.access";

	private AccessLog() {
	}

	/**
	 * Waits for a raw access-log message (whatever its format) that contains a text.
	 * @return the message, without the logging prefix
	 */
	public static String awaitMessage(CharSequence output, String containing) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> message(output, containing) != null);
		return message(output, containing);
	}

	private static String message(CharSequence output, String containing) {
		String marker = LOGGER + " ";
		return output.toString()
			.lines()
			.filter((line) -> line.contains(marker) && line.contains(containing))
			.map((line) -> line.substring(line.indexOf(": ", line.indexOf(marker)) + 2))
			.findFirst()
			.orElse(null);
	}

	/** Every access-log line in the output. */
	public static List<Line> lines(CharSequence output) {
		return output.toString()
			.lines()
			.filter((line) -> line.contains(LOGGER) && line.contains(" method="))
			.map(Line::parse)
			.toList();
	}

	/** The access-log lines of one request path (the URI without its query). */
	public static List<Line> lines(CharSequence output, String path) {
		return lines(output).stream().filter((line) -> path.equals(line.get("path"))).toList();
	}

	/**
	 * Waits for the access-log line of a path, which comes after the response (for a
	 * script, once the script has exited), and checks it is the only one.
	 * @return the line
	 */
	public static Line awaitLine(CharSequence output, String path) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> !lines(output, path).isEmpty());
		List<Line> lines = lines(output, path);
		assertThat(lines).as("access-log lines of %s", path).hasSize(1);
		return lines.get(0);
	}

	/**
	 * One line.
	 *
	 * @param fields its fields in order
	 */
	public record Line(Map<String, String> fields) {

		static Line parse(String text) {
			Map<String, String> fields = new LinkedHashMap<>();
			for (String field : text.substring(text.indexOf(" method=") + 1).split(" ")) {
				int equals = field.indexOf('=');
				if (equals > 0) {
					fields.put(field.substring(0, equals), field.substring(equals + 1));
				}
			}
			return new Line(fields);
		}

		public String get(String field) {
			return this.fields.get(field);
		}

		public int status() {
			return Integer.parseInt(get("status"));
		}

	}

}
