package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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
 * @param upgrade whether and from where it may take over its connection
 */
public record Script(String scriptName, Path file, String pathInfo, @Nullable String interpreter, boolean nph,
		Map<String, String> env, Duration timeout, ConnectionUpgrade upgrade) {

	/**
	 * A script of plain CGI.
	 * @param scriptName the URL path of the script
	 * @param file the script file
	 * @param pathInfo the rest of the URL path, or an empty string
	 * @param interpreter the program that runs the script, or {@code null}
	 * @param nph whether it is a non-parsed-header script
	 * @param env extra meta-variables
	 * @param timeout its wall-clock limit
	 */
	public Script(String scriptName, Path file, String pathInfo, @Nullable String interpreter, boolean nph,
			Map<String, String> env, Duration timeout) {
		this(scriptName, file, pathInfo, interpreter, nph, env, timeout, ConnectionUpgrade.NONE);
	}

}
