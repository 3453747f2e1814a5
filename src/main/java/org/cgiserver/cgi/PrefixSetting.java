package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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
 */
public record PrefixSetting(@Nullable String path, @Nullable Path target, Map<String, String> env,
		@Nullable Duration timeout, @Nullable Duration eventStreamMaxDuration,
		@Nullable Duration eventStreamIdleTimeout) {

	/**
	 * A prefix whose event streams have the server's limits.
	 * @param path the URL path
	 * @param target the folder or program, or {@code null}
	 * @param env extra meta-variables for its scripts
	 * @param timeout its wall-clock limit, or {@code null}
	 */
	public PrefixSetting(@Nullable String path, @Nullable Path target, Map<String, String> env,
			@Nullable Duration timeout) {
		this(path, target, env, timeout, null, null);
	}

}
