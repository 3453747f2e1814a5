package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param policy who its scripts run as and how their processes are kept together
 */
public record PrefixSetting(@Nullable String path, @Nullable Path target, Map<String, String> env,
		@Nullable Duration timeout, @Nullable Duration eventStreamMaxDuration,
		@Nullable Duration eventStreamIdleTimeout, RunPolicy policy) {

	/**
	 * A prefix whose event streams have the server's limits, under the server-wide run
	 * settings.
	 * @param path the URL path
	 * @param target the folder or program, or {@code null}
	 * @param env extra meta-variables for its scripts
	 * @param timeout its wall-clock limit, or {@code null}
	 */
	public PrefixSetting(@Nullable String path, @Nullable Path target, Map<String, String> env,
			@Nullable Duration timeout) {
		this(path, target, env, timeout, null, null, RunPolicy.DEFAULT);
	}

	/**
	 * A prefix under the server-wide run settings.
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
		this(path, target, env, timeout, eventStreamMaxDuration, eventStreamIdleTimeout, RunPolicy.DEFAULT);
	}

}
