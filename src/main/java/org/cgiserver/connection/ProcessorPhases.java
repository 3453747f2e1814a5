package org.cgiserver.connection;

import jakarta.servlet.http.HttpUpgradeHandler;
import org.apache.catalina.connector.CoyoteAdapter;
import org.apache.coyote.Constants;
import org.apache.coyote.Request;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.coyote.http11.upgrade.UpgradeProcessorBase;
import org.apache.tomcat.websocket.server.WsHttpUpgradeHandler;
import org.cgiserver.connection.SlowClientPolicy.Observed;
import org.cgiserver.connection.SlowClientPolicy.Phase;
import org.cgiserver.connection.WatchedNioProtocol.WatchedProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Where a connection is, as Tomcat's processor of it shows: a request's header or body
 * (HTTP/1.1), or an upgrade to a session or to HTTP/2.
 */
final class ProcessorPhases {

	private ProcessorPhases() {
	}

	/**
	 * A connection that an HTTP/1.1 processor serves, as seen now.
	 * @param <K> what identifies the connection
	 * @param connection the connection
	 * @param processor its processor
	 * @param now the current time
	 * @return its phase: header, body, or another (async or upgrading)
	 */
	static <K> Observed<K> ofRequest(K connection, WatchedProcessor processor, long now) {
		Request request = processor.getRequest();
		if (!processor.isAsync() && !processor.isUpgrade()) {
			int stage = request.getRequestProcessor().getStage();
			long start = request.getStartTimeNanos();
			// A processor parked with part of a header has left its service method, which
			// marks it ended; its request has a start time until it is recycled.
			if ((stage == Constants.STAGE_PARSE || stage == Constants.STAGE_ENDED) && start != -1) {
				return new Observed<>(connection, Phase.HEADER, start, null);
			}
			if (stage >= Constants.STAGE_PREPARE && stage <= Constants.STAGE_ENDOUTPUT) {
				return new Observed<>(connection, Phase.BODY, start, bodyProgress(request));
			}
		}
		return new Observed<>(connection, Phase.OTHER, now, null);
	}

	/**
	 * Whether an upgraded connection is a session: a WebSocket one, or one taken over by
	 * an application's handler (a script's). HTTP/2 is Tomcat's other internal upgrade.
	 * @param upgraded the connection's current processor
	 * @return whether it serves a session
	 */
	static boolean isSession(Object upgraded) {
		if (!(upgraded instanceof UpgradeProcessorBase processor)) {
			return false;
		}
		HttpUpgradeHandler handler = processor.getUpgradeToken().getHttpUpgradeHandler();
		return handler instanceof WsHttpUpgradeHandler || !(handler instanceof InternalHttpUpgradeHandler);
	}

	private static @Nullable BodyProgress bodyProgress(Request request) {
		Object servletRequest = request.getNote(CoyoteAdapter.ADAPTER_NOTES);
		if (servletRequest instanceof org.apache.catalina.connector.Request served
				&& served.getAttribute(BodyRateFilter.ATTRIBUTE) instanceof BodyProgress progress) {
			return progress;
		}
		return null;
	}

}
