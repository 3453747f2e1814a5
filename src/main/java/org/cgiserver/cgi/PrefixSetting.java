package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.RunPolicy;

/**
 * A prefix as configured, before it is checked.
 *
 * @param path the URL path
 * @param target the folder or program, or {@code null} for the document root's folder
 * of the same name
 * @param env extra meta-variables for its scripts
 * @param timeout its wall-clock limit, or {@code null} for {@code cgi.timeout}
 * @param eventStreamMaxDuration its event streams' maximum duration, or {@code null} for
 * {@code cgi.event-stream.max-duration}
 * @param eventStreamIdleTimeout its event streams' idle limit, or {@code null} for
 * {@code cgi.event-stream.idle-timeout}
 * @param upgrade whether its scripts may take over their connection
 * @param origins the other origins whose pages may open such a connection
 * @param policy who its scripts run as and how their processes are kept together
 */
public record PrefixSetting(@Nullable String path, @Nullable Path target, Map<String, String> env,
		@Nullable Duration timeout, @Nullable Duration eventStreamMaxDuration,
		@Nullable Duration eventStreamIdleTimeout, boolean upgrade, List<String> origins, RunPolicy policy) {

	/**
	 * A prefix of plain CGI with the server's event stream limits, under the server-wide
	 * run settings.
	 * @param path the URL path
	 * @param target the folder or program, or {@code null}
	 * @param env extra meta-variables for its scripts
	 * @param timeout its wall-clock limit, or {@code null}
	 */
	public PrefixSetting(@Nullable String path, @Nullable Path target, Map<String, String> env,
			@Nullable Duration timeout) {
		this(path, target, env, timeout, null, null, false, List.of(), RunPolicy.DEFAULT);
	}

	/**
	 * A prefix of plain CGI with event stream limits of its own.
	 * @param path the URL path
	 * @param target the folder or program, or {@code null}
	 * @param env extra meta-variables for its scripts
	 * @param timeout its wall-clock limit, or {@code null}
	 * @param eventStreamMaxDuration its event streams' maximum duration, or {@code null}
	 * @param eventStreamIdleTimeout its event streams' idle limit, or {@code null}
	 */
	public PrefixSetting(@Nullable String path, @Nullable Path target, Map<String, String> env,
			@Nullable Duration timeout, @Nullable Duration eventStreamMaxDuration,
			@Nullable Duration eventStreamIdleTimeout) {
		this(path, target, env, timeout, eventStreamMaxDuration, eventStreamIdleTimeout, false, List.of(),
				RunPolicy.DEFAULT);
	}

	/**
	 * A prefix whose scripts may take over their connection.
	 * @param path the URL path
	 * @param target the folder or program, or {@code null}
	 * @param env extra meta-variables for its scripts
	 * @param timeout its wall-clock limit, or {@code null}
	 * @param upgrade whether its scripts may take over their connection
	 * @param origins the other origins whose pages may open such a connection
	 */
	public PrefixSetting(@Nullable String path, @Nullable Path target, Map<String, String> env,
			@Nullable Duration timeout, boolean upgrade, List<String> origins) {
		this(path, target, env, timeout, null, null, upgrade, origins, RunPolicy.DEFAULT);
	}

}
