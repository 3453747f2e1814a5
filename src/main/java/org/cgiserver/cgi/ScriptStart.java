package org.cgiserver.cgi;

import java.time.Instant;

/**
 * A script whose process has started and not yet been recorded as a run.
 *
 * @param number distinguishes runs that start at the same time (counts up from 1 in
 * each server)
 * @param scriptName the script's URL path (SCRIPT_NAME)
 * @param method the request method
 * @param client the client's address (REMOTE_ADDR)
 * @param time when the request started
 * @param started when the process started, after any wait for a slot
 */
public record ScriptStart(long number, String scriptName, String method, String client, Instant time,
		Instant started) {
}
