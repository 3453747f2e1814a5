package org.cgiserver.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.cgiserver.cgi.ScriptStart;
import org.cgiserver.monitor.CgiEndpoint.ScriptDescriptor;
import org.cgiserver.monitor.CgiEndpoint.TotalsDescriptor;
import org.cgiserver.websocket.SessionReport;

/**
 * What the status page shows, as its script fetches it.
 *
 * @param time when the report was made
 * @param totals counts over all scripts, slots and queue
 * @param running the scripts running now, longest running first
 * @param scripts statistics per script, by SCRIPT_NAME
 * @param timeline runs per interval over the last minutes
 * @param websocket the WebSocket sessions
 */
record StatusReport(Instant time, TotalsDescriptor totals, List<RunningDescriptor> running,
		Map<String, ScriptDescriptor> scripts, TimelineDescriptor timeline, SessionReport websocket) {

	/**
	 * A script running now.
	 *
	 * @param script its SCRIPT_NAME
	 * @param method the request method
	 * @param client the client's address
	 * @param started when its process started
	 * @param runningMillis how long it has been running
	 */
	record RunningDescriptor(String script, String method, String client, Instant started, long runningMillis) {

		static RunningDescriptor of(ScriptStart start, Instant now) {
			return new RunningDescriptor(start.scriptName(), start.method(), start.client(), start.started(),
					Math.max(0, Duration.between(start.started(), now).toMillis()));
		}

	}

	/**
	 * The last minutes, interval by interval.
	 *
	 * @param intervalSeconds the length of one interval
	 * @param intervals oldest first, the current (incomplete) one last
	 */
	record TimelineDescriptor(long intervalSeconds, List<RunTimeline.Interval> intervals) {
	}

}
