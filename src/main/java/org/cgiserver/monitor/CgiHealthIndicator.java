package org.cgiserver.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cgiserver.cgi.CgiMappings;
import org.cgiserver.cgi.ScriptPrefix;
import org.cgiserver.paths.FileChecks;
import org.cgiserver.process.RunContainment;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN when the document root, or a prefix's target, is missing or unreadable. A
 * prefix's default folder (document root plus its path) only counts if it existed at
 * start, since a site need not have one.
 */
final class CgiHealthIndicator extends AbstractHealthIndicator {

	private final Path documentRoot;

	private final List<ScriptPrefix> prefixes;

	private final Map<String, String> runContainment;

	CgiHealthIndicator(Path documentRoot, CgiMappings mappings, RunContainment runContainment) {
		super("CGI health check failed");
		this.documentRoot = documentRoot;
		this.runContainment = runContainment.describe();
		this.prefixes = mappings.prefixes()
			.stream()
			.filter((prefix) -> prefix.configuredTarget() || Files.exists(prefix.target()))
			.toList();
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, String> problems = new LinkedHashMap<>();
		FileChecks.Problem rootProblem = FileChecks.folder(this.documentRoot);
		if (rootProblem != null) {
			problems.put("documentRoot", this.documentRoot + ": " + rootProblem.brief());
		}
		for (ScriptPrefix prefix : this.prefixes) {
			FileChecks.Problem problem = prefix.program() ? FileChecks.program(prefix.target())
					: FileChecks.folder(prefix.target());
			if (problem != null) {
				problems.put(prefix.path(), prefix.target() + ": " + problem.brief());
			}
		}
		builder.withDetail("documentRoot", this.documentRoot.toString());
		builder.withDetail("runContainment", this.runContainment);
		if (problems.isEmpty()) {
			builder.up();
		}
		else {
			builder.down().withDetail("problems", problems);
		}
	}

}
