package org.cgiserver.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.CgiMappings;
import org.cgiserver.config.CgiProperties;
import org.cgiserver.process.ProcessConfinement;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds the effective CGI settings to {@code /actuator/info}.
 */
final class CgiInfoContributor implements InfoContributor {

	private final CgiSettingsDescriptor settings;

	CgiInfoContributor(CgiProperties properties, CgiMappings mappings, ProcessConfinement confinement,
			String documentRoot) {
		CgiProperties.Limits limits = properties.getLimits();
		Map<String, String> prefixes = new LinkedHashMap<>();
		mappings.prefixes().forEach((prefix) -> prefixes.put(prefix.path(), prefix.target().toString()));
		this.settings = new CgiSettingsDescriptor(documentRoot, prefixes, List.copyOf(mappings.extensions()),
				properties.getTimeout().toMillis(),
				(properties.getIdleTimeout() != null) ? properties.getIdleTimeout().toMillis() : null,
				properties.getMaxConcurrent(), properties.getQueueTimeout().toMillis(), confinement.user(),
				new LimitsDescriptor((limits.getCpu() != null) ? limits.getCpu().toSeconds() : null,
						(limits.getMemory() != null) ? limits.getMemory().toBytes() : null, limits.getProcesses(),
						limits.getOpenFiles()),
				properties.getMaxRequestBody().toBytes());
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
