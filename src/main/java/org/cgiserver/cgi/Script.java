package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.RunPolicy;

/**
 * A script that a request resolved to.
 *
 * @param scriptName the URL path of the script (SCRIPT_NAME), without PATH_INFO
 * @param file the script file (real path)
 * @param pathInfo the decoded rest of the URL path after the script, or an empty string
 * @param interpreter the program that runs the script, or {@code null} to execute it
 * @param nph whether it is a non-parsed-header script
 * @param env extra meta-variables of its prefix
 * @param timeout its wall-clock limit
 * @param eventStream its limits when it answers with an event stream
 * @param upgrade whether and from where it may take over its connection
 * @param policy who it runs as and how its processes are kept together
 */
public record Script(String scriptName, Path file, String pathInfo, @Nullable String interpreter, boolean nph,
		Map<String, String> env, Duration timeout, EventStreamLimits eventStream, ConnectionUpgrade upgrade,
		RunPolicy policy) {

	/**
	 * A script of plain CGI run under the server-wide settings.
	 * @param scriptName the URL path of the script (SCRIPT_NAME), without PATH_INFO
	 * @param file the script file (real path)
	 * @param pathInfo the decoded rest of the URL path after the script, or an empty string
	 * @param interpreter the program that runs the script, or {@code null} to execute it
	 * @param nph whether it is a non-parsed-header script
	 * @param env extra meta-variables of its prefix
	 * @param timeout its wall-clock limit
	 * @param eventStream its limits when it answers with an event stream
	 */
	public Script(String scriptName, Path file, String pathInfo, @Nullable String interpreter, boolean nph,
			Map<String, String> env, Duration timeout, EventStreamLimits eventStream) {
		this(scriptName, file, pathInfo, interpreter, nph, env, timeout, eventStream, ConnectionUpgrade.NONE,
				RunPolicy.DEFAULT);
	}

}
