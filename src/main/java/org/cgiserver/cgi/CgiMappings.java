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

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.files.ConfinedFolder;

/**
 * The validated CGI configuration: prefixes, extensions and interpreters. Invalid
 * mappings stop the start with a message naming the property.
 *
 * @param prefixes the prefixes, longest first so that the most specific wins
 * @param extensions the extensions (lower case, without the dot) that run anywhere
 * @param interpreters interpreter program per extension (lower case)
 */
public record CgiMappings(List<ScriptPrefix> prefixes, Set<String> extensions, Map<String, String> interpreters) {

	private static final Pattern CLEAN_PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+");

	/**
	 * Validates the configuration.
	 * @param properties the settings
	 * @param documentRoot the real path of the document root
	 * @return the mappings
	 */
	public static CgiMappings from(CgiProperties properties, Path documentRoot) {
		List<ScriptPrefix> prefixes = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		List<CgiProperties.Prefix> configured = properties.getPrefixes();
		for (int i = 0; i < configured.size(); i++) {
			ScriptPrefix prefix = prefix(configured.get(i), "cgi.prefixes[" + i + "]", properties, documentRoot);
			if (!seen.add(prefix.path())) {
				throw new InvalidConfigurationException("cgi.prefixes[" + i + "].path", prefix.path(),
						"another prefix has the same path");
			}
			prefixes.add(prefix);
		}
		prefixes.sort(Comparator.comparingInt((ScriptPrefix prefix) -> prefix.path().length()).reversed());
		Set<String> extensions = new HashSet<>();
		for (String extension : properties.getExtensions()) {
			extensions.add(extension(extension, "cgi.extensions"));
		}
		Map<String, String> interpreters = new LinkedHashMap<>();
		properties.getInterpreters().forEach((extension, program) -> {
			String key = extension(extension, "cgi.interpreters");
			if (program == null || program.isBlank()) {
				throw new InvalidConfigurationException("cgi.interpreters." + extension, program, "no program is given");
			}
			interpreters.put(key, program.trim());
		});
		return new CgiMappings(List.copyOf(prefixes), Set.copyOf(extensions), Map.copyOf(interpreters));
	}

	private static ScriptPrefix prefix(CgiProperties.Prefix prefix, String property, CgiProperties properties,
			Path documentRoot) {
		String path = prefix.getPath();
		if (path == null || path.isBlank()) {
			throw new InvalidConfigurationException(property + ".path", path, "every prefix needs a path");
		}
		String clean = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
		if (!CLEAN_PATH.matcher(clean).matches() || ConfinedFolder.segments(clean) == null) {
			throw new InvalidConfigurationException(property + ".path", path,
					"a prefix must be a clean absolute URL path such as /cgi-bin (no '.', '..', '//' or special characters)");
		}
		Duration timeout = (prefix.getTimeout() != null) ? prefix.getTimeout() : properties.getTimeout();
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationException(property + ".timeout", timeout, "it must be positive");
		}
		Path target = prefix.getTarget();
		if (target == null) {
			Path folder = documentRoot.resolve(clean.substring(1));
			return new ScriptPrefix(clean, realOrSelf(folder), false, Map.copyOf(prefix.getEnv()), timeout, false);
		}
		if (!target.isAbsolute()) {
			throw new InvalidConfigurationException(property + ".target", target, "the target must be an absolute path");
		}
		if (!Files.exists(target)) {
			throw new InvalidConfigurationException(property + ".target", target, "it does not exist");
		}
		boolean program = !Files.isDirectory(target);
		if (program && (!Files.isRegularFile(target) || !Files.isExecutable(target))) {
			throw new InvalidConfigurationException(property + ".target", target,
					"it is neither a folder nor an executable file");
		}
		return new ScriptPrefix(clean, realOrSelf(target), program, Map.copyOf(prefix.getEnv()), timeout, true);
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
	 * The extension of a file name, lower case, or an empty string.
	 * @param fileName the name
	 * @return the extension
	 */
	static String extensionOf(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return (dot > 0) ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
	}

}
