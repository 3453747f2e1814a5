package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.cgiserver.process.RunPolicy;

/**
 * A validated CGI prefix.
 *
 * @param path the URL path, such as {@code /cgi-bin}, without a trailing slash
 * @param target the real path of its folder of scripts, or of its one program
 * @param program whether the target is one program that handles every URL below the
 * prefix (like Apache's ScriptAlias to a file)
 * @param env extra meta-variables for scripts under it
 * @param timeout its wall-clock limit
 * @param eventStream the limits of its event streams
 * @param configuredTarget whether the target was configured rather than derived from
 * the document root
 * @param upgrade whether and from where its scripts may take over their connection
 * @param policy who its scripts run as and how their processes are kept together
 */
public record ScriptPrefix(String path, Path target, boolean program, Map<String, String> env, Duration timeout,
		EventStreamLimits eventStream, boolean configuredTarget, ConnectionUpgrade upgrade, RunPolicy policy) {

	/**
	 * Whether a decoded request path lies under this prefix, by whole segments.
	 * @param requestPath the decoded path
	 * @return whether it matches
	 */
	public boolean matches(String requestPath) {
		return requestPath.startsWith(this.path)
				&& (requestPath.length() == this.path.length() || requestPath.charAt(this.path.length()) == '/');
	}

}
