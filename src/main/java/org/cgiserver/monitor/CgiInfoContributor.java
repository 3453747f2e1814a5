package org.cgiserver.monitor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.CgiMappings;
import org.cgiserver.process.ProcessConfinement;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.process.ResourceLimits;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds the effective CGI settings to {@code /actuator/info}.
 */
final class CgiInfoContributor implements InfoContributor {

	private final CgiSettingsDescriptor settings;

	/**
	 * @param documentRoot the folder served
	 * @param mappings the prefixes, extensions and default time limit
	 * @param confinement the scripts' user and resource limits
	 * @param processes the concurrency cap and queue
	 * @param idleTimeout the output-inactivity limit, or {@code null}
	 * @param maxRequestBody the largest request body, in bytes
	 */
	CgiInfoContributor(Path documentRoot, CgiMappings mappings, ProcessConfinement confinement,
			ProcessExecutionService processes, @Nullable Duration idleTimeout, long maxRequestBody) {
		ResourceLimits limits = confinement.limits();
		Map<String, String> prefixes = new LinkedHashMap<>();
		mappings.prefixes().forEach((prefix) -> prefixes.put(prefix.path(), prefix.target().toString()));
		this.settings = new CgiSettingsDescriptor(documentRoot.toString(), prefixes, List.copyOf(mappings.extensions()),
				mappings.defaultTimeout().toMillis(), (idleTimeout != null) ? idleTimeout.toMillis() : null,
				processes.getMaxConcurrent(), processes.getQueueTimeout().toMillis(), confinement.user(),
				new LimitsDescriptor(limits.cpuSeconds(), limits.memoryBytes(), limits.processes(), limits.openFiles()),
				maxRequestBody);
	}

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("cgi", this.settings);
	}

	/**
	 * The effective settings.
	 *
	 * @param documentRoot the folder served
	 * @param prefixes target per prefix path
	 * @param extensions extensions that run anywhere
	 * @param timeoutMillis the default wall-clock limit
	 * @param idleTimeoutMillis the output-inactivity limit, if any
	 * @param maxConcurrent the most scripts at once
	 * @param queueTimeoutMillis the wait for a slot
	 * @param runAs the user scripts run as
	 * @param limits the resource limits
	 * @param maxRequestBody the largest request body, in bytes
	 */
	record CgiSettingsDescriptor(String documentRoot, Map<String, String> prefixes, List<String> extensions,
			long timeoutMillis, @Nullable Long idleTimeoutMillis, int maxConcurrent, long queueTimeoutMillis,
			String runAs, LimitsDescriptor limits, long maxRequestBody) {
	}

	/**
	 * Resource limits; null means none.
	 *
	 * @param cpuSeconds CPU time
	 * @param memoryBytes address space
	 * @param processes processes of the user
	 * @param openFiles open files
	 */
	record LimitsDescriptor(@Nullable Long cpuSeconds, @Nullable Long memoryBytes, @Nullable Integer processes,
			@Nullable Integer openFiles) {
	}

}
