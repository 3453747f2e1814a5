package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param upgrade whether its scripts may take over their connection
 * @param origins the other origins whose pages may open such a connection
 */
public record PrefixSetting(@Nullable String path, @Nullable Path target, Map<String, String> env,
		@Nullable Duration timeout, boolean upgrade, List<String> origins) {

	/**
	 * A prefix of plain CGI.
	 * @param path the URL path
	 * @param target the folder or program, or {@code null}
	 * @param env extra meta-variables for its scripts
	 * @param timeout its wall-clock limit, or {@code null}
	 */
	public PrefixSetting(@Nullable String path, @Nullable Path target, Map<String, String> env,
			@Nullable Duration timeout) {
		this(path, target, env, timeout, false, List.of());
	}

}
