package org.cgiserver.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.CgiMappings;
import org.cgiserver.cgi.ScriptPrefix;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN when the document root, or a prefix's target, is missing or unreadable. A
 * prefix's default folder (document root plus its path) only counts if it existed at
 * start, since a site need not have one.
 */
final class CgiHealthIndicator extends AbstractHealthIndicator {

	private final Path documentRoot;

	private final Map<String, Path> targets = new LinkedHashMap<>();

	CgiHealthIndicator(Path documentRoot, CgiMappings mappings) {
		super("CGI health check failed");
		this.documentRoot = documentRoot;
		for (ScriptPrefix prefix : mappings.prefixes()) {
			if (prefix.configuredTarget() || Files.exists(prefix.target())) {
				this.targets.put(prefix.path(), prefix.target());
			}
		}
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, String> problems = new LinkedHashMap<>();
		String rootProblem = problem(this.documentRoot, true);
		if (rootProblem != null) {
			problems.put("documentRoot", this.documentRoot + ": " + rootProblem);
		}
		this.targets.forEach((path, target) -> {
			String problem = problem(target, Files.isDirectory(target) || !Files.exists(target));
			if (problem != null) {
				problems.put(path, target + ": " + problem);
			}
		});
		builder.withDetail("documentRoot", this.documentRoot.toString());
		if (problems.isEmpty()) {
			builder.up();
		}
		else {
			builder.down().withDetail("problems", problems);
		}
	}

	private static @Nullable String problem(Path path, boolean folder) {
		if (!Files.exists(path)) {
			return "missing";
		}
		if (folder && !Files.isDirectory(path)) {
			return "not a folder";
		}
		if (!Files.isReadable(path)) {
			return "not readable";
		}
		return null;
	}

}
