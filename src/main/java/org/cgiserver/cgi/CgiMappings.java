package org.cgiserver.cgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.Require;
import org.cgiserver.paths.ConfinedFolder;

/**
 * The validated CGI configuration: prefixes, extensions and interpreters. Invalid
 * mappings stop the start with a message naming the property.
 *
 * @param prefixes the prefixes, longest first so that the most specific wins
 * @param extensions the extensions (lower case, without the dot) that run anywhere
 * @param interpreters interpreter program per extension (lower case)
 * @param defaultTimeout the wall-clock limit of scripts whose prefix sets none
 * @param defaultEventStream the event stream limits of scripts whose prefix sets none
 */
public record CgiMappings(List<ScriptPrefix> prefixes, Set<String> extensions, Map<String, String> interpreters,
		Duration defaultTimeout, EventStreamLimits defaultEventStream) {

	/** The interpreter value that switches a default mapping off. */
	private static final String NO_INTERPRETER = "none";

	private static final Pattern CLEAN_PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+");

	/**
	 * Validates the configured mappings.
	 * @param prefixes the configured prefixes, in the order of {@code cgi.prefixes}
	 * @param extensions the configured {@code cgi.extensions}
	 * @param interpreters the configured {@code cgi.interpreters}
	 * @param defaultTimeout the configured {@code cgi.timeout}
	 * @param defaultEventStream the configured {@code cgi.event-stream}, checked
	 * @param documentRoot the real path of the document root
	 * @return the mappings
	 */
	public static CgiMappings from(List<PrefixSetting> prefixes, List<String> extensions,
			Map<String, String> interpreters, Duration defaultTimeout, EventStreamLimits defaultEventStream,
			Path documentRoot) {
		Require.positive("cgi.timeout", defaultTimeout);
		List<ScriptPrefix> validated = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < prefixes.size(); i++) {
			ScriptPrefix prefix = prefix(prefixes.get(i), "cgi.prefixes[" + i + "]", defaultTimeout,
					defaultEventStream, documentRoot);
			if (!seen.add(prefix.path())) {
				throw new InvalidConfigurationException("cgi.prefixes[" + i + "].path", prefix.path(),
						"another prefix has the same path");
			}
			validated.add(prefix);
		}
		validated.sort(Comparator.comparingInt((ScriptPrefix prefix) -> prefix.path().length()).reversed());
		Set<String> cleanExtensions = new HashSet<>();
		for (String extension : extensions) {
			cleanExtensions.add(extension(extension, "cgi.extensions"));
		}
		Map<String, String> programs = new LinkedHashMap<>();
		interpreters.forEach((extension, program) -> {
			String key = extension(extension, "cgi.interpreters");
			if (program == null || program.isBlank()) {
				throw new InvalidConfigurationException("cgi.interpreters." + extension, program,
						"no program is given (use 'none' to switch the extension's interpreter off)");
			}
			if (!program.trim().equalsIgnoreCase(NO_INTERPRETER)) {
				programs.put(key, program.trim());
			}
		});
		return new CgiMappings(List.copyOf(validated), Set.copyOf(cleanExtensions), Map.copyOf(programs),
				defaultTimeout, defaultEventStream);
	}

	private static ScriptPrefix prefix(PrefixSetting prefix, String property, Duration defaultTimeout,
			EventStreamLimits defaultEventStream, Path documentRoot) {
		String path = prefix.path();
		if (path == null || path.isBlank()) {
			throw new InvalidConfigurationException(property + ".path", path, "every prefix needs a path");
		}
		String clean = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
		if (!CLEAN_PATH.matcher(clean).matches() || ConfinedFolder.segments(clean) == null) {
			throw new InvalidConfigurationException(property + ".path", path,
					"a prefix must be a clean absolute URL path such as /cgi-bin (no '.', '..', '//' or special characters)");
		}
		Duration timeout = (prefix.timeout() != null) ? Require.positive(property + ".timeout", prefix.timeout())
				: defaultTimeout;
		EventStreamLimits eventStream = defaultEventStream.overriddenBy(property + ".event-stream",
				prefix.eventStreamMaxDuration(), prefix.eventStreamIdleTimeout());
		ConnectionUpgrade upgrade = ConnectionUpgrade.of(prefix.upgrade(), prefix.origins(), property);
		Path target = prefix.target();
		if (target == null) {
			Path folder = documentRoot.resolve(clean.substring(1));
			return new ScriptPrefix(clean, realOrSelf(folder), false, Map.copyOf(prefix.env()), timeout, eventStream,
					false, upgrade, prefix.policy());
		}
		if (!target.isAbsolute()) {
			throw new InvalidConfigurationException(property + ".target", target, "the target must be an absolute path");
		}
		boolean program = !Files.isDirectory(target);
		Path checked = program ? Require.executable(property + ".target", target)
				: Require.readableFolder(property + ".target", target);
		return new ScriptPrefix(clean, realOrSelf(checked), program, Map.copyOf(prefix.env()), timeout, eventStream,
				true, upgrade, prefix.policy());
	}

	private static Path realOrSelf(Path path) {
		try {
			return path.toRealPath();
		}
		catch (IOException ex) {
			// A default folder that does not exist (yet): its scripts are simply not found.
			return path.toAbsolutePath().normalize();
		}
	}

	private static String extension(@Nullable String extension, String property) {
		String clean = (extension != null && extension.startsWith(".")) ? extension.substring(1) : extension;
		if (clean == null || clean.isEmpty() || !clean.matches("[A-Za-z0-9_+-]+")) {
			throw new InvalidConfigurationException(property, extension, "an extension is letters and digits, such as cgi");
		}
		return clean.toLowerCase(Locale.ROOT);
	}

	/**
	 * The prefix a decoded request path lies under.
	 * @param requestPath the decoded path
	 * @return the most specific prefix, or {@code null}
	 */
	public @Nullable ScriptPrefix prefixFor(String requestPath) {
		for (ScriptPrefix prefix : this.prefixes) {
			if (prefix.matches(requestPath)) {
				return prefix;
			}
		}
		return null;
	}

	/**
	 * Whether a decoded request path may run a script, judged by the path alone: it lies
	 * under a prefix, or one of its segments has a mapped extension. Paths for which this
	 * is {@code false} never run a script, whatever the file system holds.
	 * @param requestPath the decoded path
	 * @return whether the path is a CGI path or may be one
	 */
	public boolean mayRun(String requestPath) {
		if (prefixFor(requestPath) != null) {
			return true;
		}
		if (this.extensions.isEmpty()) {
			return false;
		}
		int end = requestPath.length();
		for (int slash = requestPath.lastIndexOf('/'); end > 0; slash = requestPath.lastIndexOf('/', end - 1)) {
			if (this.extensions.contains(extensionOf(requestPath.substring(slash + 1, end)))) {
				return true;
			}
			end = Math.max(slash, 0);
		}
		return false;
	}

	/**
	 * The extension of a file name, lower case, or an empty string.
	 * @param fileName the name
	 * @return the extension
	 */
	static String extensionOf(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return (dot > 0) ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
	}

}
