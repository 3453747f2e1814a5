package org.cgiserver.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.AccessLog;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.cgiserver.process.RunCost;
import org.cgiserver.security.LoggedInUser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the access log tells of one request, read before Tomcat recycles the request,
 * and its two line forms of our own (Apache's combined form is Tomcat's). A script's line
 * carries what its run cost ({@code cpu_ms}, {@code cpu_user_ms}, {@code cpu_system_ms},
 * {@code max_rss_kb}) when there is a figure, and leaves them out when there is none.
 * A run's peak memory is often unknown when its CPU time is known: see {@link RunCost}.
 *
 * @param time when the request ended
 * @param method the method
 * @param path the raw request path
 * @param query the raw query string, or {@code null}
 * @param status the response status
 * @param bytes the body bytes sent
 * @param durationMillis the time taken
 * @param client the client's address
 * @param user the user who logged in, or {@code null}
 * @param referer the Referer header, or {@code null}
 * @param userAgent the User-Agent header, or {@code null}
 */
record AccessLine(Instant time, String method, String path, @Nullable String query, int status, long bytes,
		double durationMillis, String client, @Nullable String user, @Nullable String referer,
		@Nullable String userAgent) {

	private static final JsonMapper json = JsonMapper.builder().build();

	static AccessLine of(Request request, Response response, long nanos) {
		return new AccessLine(Instant.now(), request.getMethod(), request.getRequestURI(), request.getQueryString(),
				response.getStatus(), response.getBytesWritten(false), nanos / 1_000_000.0, client(request),
				LoggedInUser.of(request), request.getHeader("Referer"), request.getHeader("User-Agent"));
	}

	/**
	 * The client that scripts and rules saw: behind a trusted proxy, the forwarded address,
	 * which Tomcat's remote IP valve leaves on the request after putting the proxy's back.
	 */
	private static String client(Request request) {
		return (request.getAttribute(AccessLog.REMOTE_ADDR_ATTRIBUTE) instanceof String forwarded) ? forwarded
				: request.getRemoteAddr();
	}

	/**
	 * The line of a connection a script took over, when the session ends.
	 * @param moreNanos the time from the 101 to the session's end
	 * @param scriptBytes the bytes the script wrote over the connection
	 * @return the line with the session's duration and bytes
	 */
	AccessLine lasting(long moreNanos, long scriptBytes) {
		return new AccessLine(Instant.now(), this.method, this.path, this.query, this.status, scriptBytes,
				this.durationMillis + moreNanos / 1_000_000.0, this.client, this.user, this.referer, this.userAgent);
	}

	/**
	 * The key=value form: what this server always wrote.
	 */
	String keyValue(@Nullable String script, @Nullable String outcome, @Nullable RunCost cost) {
		StringBuilder line = new StringBuilder(160).append("method=")
			.append(this.method)
			.append(" path=")
			.append(this.path)
			.append(" status=")
			.append(this.status)
			.append(" bytes=")
			.append(this.bytes)
			.append(" duration_ms=")
			.append(this.durationMillis)
			.append(" client=")
			.append(this.client);
		if (script != null) {
			line.append(" script=").append(script);
		}
		if (outcome != null) {
			line.append(" outcome=").append(outcome);
		}
		if (cost != null) {
			line.append(" cpu_ms=")
				.append(millis(cost.cpu()))
				.append(" cpu_user_ms=")
				.append(millis(cost.user()))
				.append(" cpu_system_ms=")
				.append(millis(cost.system()));
			if (cost.maxRssBytes() != null) {
				line.append(" max_rss_kb=").append(cost.maxRssBytes() / 1024);
			}
		}
		return line.toString();
	}

	/**
	 * One JSON object, for Loki, an ELK stack or jq.
	 */
	String json(@Nullable String script, @Nullable String outcome, @Nullable RunCost cost) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("time", this.time.toString());
		fields.put("client", this.client);
		fields.put("user", this.user);
		fields.put("method", this.method);
		fields.put("path", this.path);
		fields.put("query", this.query);
		fields.put("status", this.status);
		fields.put("bytes", this.bytes);
		fields.put("duration_ms", this.durationMillis);
		fields.put("referer", this.referer);
		fields.put("user_agent", this.userAgent);
		fields.put("script", script);
		fields.put("outcome", outcome);
		if (cost != null) {
			fields.put("cpu_ms", millis(cost.cpu()));
			fields.put("cpu_user_ms", millis(cost.user()));
			fields.put("cpu_system_ms", millis(cost.system()));
			fields.put("max_rss_kb", (cost.maxRssBytes() != null) ? cost.maxRssBytes() / 1024 : null);
		}
		fields.values().removeIf((value) -> value == null);
		return json.writeValueAsString(fields);
	}

	private static double millis(Duration duration) {
		return duration.toNanos() / 1_000_000.0;
	}

}
