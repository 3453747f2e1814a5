package org.cgiserver.websocket;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.cgiserver.config.AccessLogFormat;
import org.cgiserver.process.ProcessResult;

/**
 * One access-log line per session, on the {@code cgiserver.access} logger in place of the
 * line of its handshake, once its script has ended: how long it lasted, why it ended (the
 * close code the client saw) and the messages and bytes each way; in key=value or JSON
 * form as {@code cgi.access-log-format} says. Apache's combined format has no field for
 * them: there the handshake's own line (status 101) is the session's only one.
 */
final class SessionLog {

	private static final Logger logger = LoggerFactory.getLogger("cgiserver.access");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final SessionMetrics metrics;

	private final boolean enabled;

	private final AccessLogFormat format;

	/**
	 * @param metrics the meters of the sessions' ends
	 * @param enabled whether the access log is written ({@code cgi.access-log})
	 * @param format its form
	 */
	SessionLog(SessionMetrics metrics, boolean enabled, AccessLogFormat format) {
		this.metrics = metrics;
		this.enabled = enabled;
		this.format = format;
	}

	void notStarted(PendingSession pending) {
		this.metrics.ended(SessionEnd.SCRIPT_FAILED);
		log(pending, SessionEnd.SCRIPT_FAILED, new SessionCounts(this.metrics), null);
	}

	void ended(ScriptSession session, @Nullable ProcessResult result) {
		SessionEnd end = session.end();
		SessionEnd reason = (end != null) ? end : SessionEnd.CLIENT;
		this.metrics.ended(reason);
		log(session.pending(), reason, session.counts(), result);
	}

	private void log(PendingSession pending, SessionEnd end, SessionCounts counts, @Nullable ProcessResult result) {
		if (!this.enabled || !logger.isInfoEnabled() || this.format == AccessLogFormat.COMBINED) {
			return;
		}
		logger.info((this.format == AccessLogFormat.JSON) ? json(pending, end, counts, result)
				: keyValue(pending, end, counts, result));
	}

	private static String json(PendingSession pending, SessionEnd end, SessionCounts counts,
			@Nullable ProcessResult result) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("time", pending.time().toString());
		fields.put("client", pending.client());
		fields.put("user", pending.user());
		fields.put("method", "GET");
		fields.put("path", pending.path());
		fields.put("status", 101);
		fields.put("duration_ms", Duration.between(pending.time(), Instant.now()).toMillis());
		fields.put("script", pending.scriptName());
		fields.put("websocket", pending.mode().name().toLowerCase(Locale.ROOT));
		fields.put("outcome", end.tag());
		fields.put("close_code", end.status().getCode());
		fields.put("messages_in", counts.messagesIn());
		fields.put("bytes_in", counts.bytesIn());
		fields.put("messages_out", counts.messagesOut());
		fields.put("bytes_out", counts.bytesOut());
		fields.put("exit", (result != null) ? result.exitCode() : null);
		fields.values().removeIf((value) -> value == null);
		return json.writeValueAsString(fields);
	}

	private static String keyValue(PendingSession pending, SessionEnd end, SessionCounts counts,
			@Nullable ProcessResult result) {
		StringBuilder line = new StringBuilder(200).append("method=GET path=")
			.append(pending.path())
			.append(" status=101 duration_ms=")
			.append(Duration.between(pending.time(), Instant.now()).toMillis())
			.append(" client=")
			.append(pending.client());
		if (pending.user() != null) {
			line.append(" user=").append(pending.user());
		}
		line.append(" script=")
			.append(pending.scriptName())
			.append(" websocket=")
			.append(pending.mode().name().toLowerCase(Locale.ROOT))
			.append(" outcome=")
			.append(end.tag())
			.append(" close_code=")
			.append(end.status().getCode())
			.append(" messages_in=")
			.append(counts.messagesIn())
			.append(" bytes_in=")
			.append(counts.bytesIn())
			.append(" messages_out=")
			.append(counts.messagesOut())
			.append(" bytes_out=")
			.append(counts.bytesOut());
		if (result != null) {
			line.append(" exit=").append(result.exitCode());
		}
		return line.toString();
	}

}
