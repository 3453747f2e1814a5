package org.cgiserver.websocket;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.process.ProcessResult;

/**
 * One access-log line per session, on the {@code cgiserver.access} logger beside the line
 * of its handshake, once its script has ended: how long it lasted, why it ended (the
 * close code the client saw) and the messages and bytes each way.
 */
final class SessionLog {

	private static final Logger logger = LoggerFactory.getLogger("cgiserver.access");

	private final SessionMetrics metrics;

	SessionLog(SessionMetrics metrics) {
		this.metrics = metrics;
	}

	void notStarted(PendingSession pending) {
		this.metrics.ended(SessionEnd.SCRIPT_FAILED);
		if (logger.isInfoEnabled()) {
			logger.info(line(pending, SessionEnd.SCRIPT_FAILED, new SessionCounts(this.metrics), null));
		}
	}

	void ended(ScriptSession session, @Nullable ProcessResult result) {
		SessionEnd end = session.end();
		SessionEnd reason = (end != null) ? end : SessionEnd.CLIENT;
		this.metrics.ended(reason);
		if (logger.isInfoEnabled()) {
			logger.info(line(session.pending(), reason, session.counts(), result));
		}
	}

	private static String line(PendingSession pending, SessionEnd end, SessionCounts counts,
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
