package org.cgiserver.websocket;

import java.util.Map;

/**
 * The WebSocket sessions at a glance, for the operator's pages.
 *
 * @param open sessions open now
 * @param max most sessions open at once ({@code cgi.websocket.max-sessions})
 * @param opened sessions opened since the start
 * @param closed sessions closed since the start, by reason
 * @param messagesIn messages from the clients
 * @param messagesOut messages to the clients
 * @param bytesIn bytes of the messages from the clients
 * @param bytesOut bytes of the messages to the clients
 */
public record SessionReport(int open, int max, long opened, Map<String, Long> closed, long messagesIn,
		long messagesOut, long bytesIn, long bytesOut) {

}
