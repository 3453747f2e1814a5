package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.WebSocketProperties;
import org.cgiserver.threads.DaemonThreads;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process layer: how scripts are started and what they are confined to.
 */
@Configuration(proxyBeanMethods = false)
class ProcessConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ProcessConfiguration.class);

	@Bean
	Confinements confinements(CgiProperties properties) {
		ServerUser serverUser = ServerUser.current();
		Confinements confinements = Confinements.from(properties, resourceLimits(properties.getLimits()),
				(runAs, runAsProperty, limits, mode, modeProperty) -> ProcessConfinement.from(runAs, runAsProperty,
						limits, mode, modeProperty, serverUser, privateTmp(properties)));
		for (ProcessConfinement confinement : confinements.all()) {
			RunContainment containment = confinement.containment();
			logger.info("A run's processes {}end with it through {}: {}; their /tmp: {}",
					(confinement == confinements.serverWide()) ? "" : "as '" + confinement.user() + "' ",
					containment.describe().get("mechanism"), containment.reason(), containment.privateTmp().reason());
		}
		return confinements;
	}

	/**
	 * What runs get of temporary folders, checked against where scripts are started from:
	 * a run's own {@code /tmp} would hide anything under the system's.
	 */
	private static PrivateTmp.Setting privateTmp(CgiProperties properties) {
		Map<String, Path> needed = new LinkedHashMap<>();
		needed.put("cgi.document-root", properties.getDocumentRoot());
		List<CgiProperties.Prefix> prefixes = properties.getPrefixes();
		for (int i = 0; i < prefixes.size(); i++) {
			Path target = prefixes.get(i).getTarget();
			if (target != null) {
				needed.put("cgi.prefixes[" + i + "].target", target);
			}
		}
		properties.getInterpreters().forEach((extension, interpreter) -> {
			if (interpreter.startsWith("/")) {
				needed.put("cgi.interpreters." + extension, Path.of(interpreter.split(" ")[0]));
			}
		});
		boolean mount = properties.getIsolation().isMountTmp();
		if (mount && !mayHavePidNamespaces(properties)) {
			throw new InvalidConfigurationException("cgi.isolation.mount-tmp", true,
					"only a run in a PID namespace can have a /tmp of its own: set cgi.isolation.processes, or a "
							+ "prefix's isolation.processes, to pid-namespace or auto");
		}
		return PrivateTmp.Setting.of(properties.getIsolation().isPrivateTmp(), mount, needed);
	}

	private static boolean mayHavePidNamespaces(CgiProperties properties) {
		if (properties.getIsolation().getProcesses() != CgiProperties.Isolation.Processes.SWEEP) {
			return true;
		}
		return properties.getPrefixes()
			.stream()
			.map((prefix) -> prefix.getIsolation().getProcesses())
			.anyMatch((processes) -> processes != null && processes != CgiProperties.Isolation.Processes.SWEEP);
	}

	/**
	 * The cap of conversations (WebSocket sessions, connections taken over by scripts),
	 * apart from the CGI slots.
	 */
	@Bean
	SessionSlots sessionSlots(WebSocketProperties properties) {
		if (properties.getMaxSessions() < 1) {
			throw new InvalidConfigurationException("cgi.websocket.max-sessions", properties.getMaxSessions(),
					"at least one session must be able to open");
		}
		return new SessionSlots(properties.getMaxSessions());
	}

	@Bean
	ProcessConfinement processConfinement(Confinements confinements) {
		return confinements.serverWide();
	}

	@Bean
	ProcessExecutionService processExecutionService(CgiProperties properties, Confinements confinements,
			ObjectProvider<RunTemporaryFolders> temporaryFolders) {
		if (properties.getMaxConcurrent() < 1) {
			throw new InvalidConfigurationException("cgi.max-concurrent", properties.getMaxConcurrent(),
					"at least one script must be able to run");
		}
		ProcessLauncher launcher = PreferredLauncher.choose(properties.isNativeLaunch(), confinements.all());
		if (confinements.all().stream().anyMatch((confinement) -> !confinement.userSwitch().isEmpty()
				&& !confinement.spawnHelper())) {
			logger.info("Scripts are started through setpriv one by one: a spawn helper running as their user could not "
					+ "apply cgi.limits (it counts towards cgi.limits.processes, and cannot raise a hard limit), "
					+ "or could not create the runs' PID namespaces");
		}
		return new ProcessExecutionService(launcher, confinements, properties.getMaxConcurrent(),
				properties.getQueueTimeout(), properties.getKillGrace(), launcher.pipesReleaseCarrierThreads()
						? DaemonThreads.forBlockingIo("cgi-io") : DaemonThreads.reused("cgi-io"),
				temporaryFolders.getIfAvailable());
	}

	/**
	 * The runs' temporary folders; a bean of its own, so that they are removed when the
	 * context closes even after a start that failed.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "cgi.isolation.private-tmp", matchIfMissing = true)
	RunTemporaryFolders runTemporaryFolders() {
		Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
		try {
			return RunTemporaryFolders.create(temporary);
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException("cgi.isolation.private-tmp", true,
					"the runs' temporary folders cannot be created in " + temporary + ": " + ex.getMessage());
		}
	}

	private static ResourceLimits resourceLimits(CgiProperties.Limits limits) {
		return new ResourceLimits((limits.getCpu() != null) ? Math.max(1, limits.getCpu().toSeconds()) : null,
				(limits.getMemory() != null) ? limits.getMemory().toBytes() : null, limits.getProcesses(),
				openFiles(limits.getOpenFiles()));
	}

	/** The open-files limit: a number, or none (empty) for the server's own. */
	static @Nullable Integer openFiles(String value) {
		String trimmed = value.trim();
		if (trimmed.isEmpty()) {
			return null;
		}
		try {
			int files = Integer.parseInt(trimmed);
			if (files > 0) {
				return files;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new InvalidConfigurationException("cgi.limits.open-files", value,
				"give a number of files above 0, or leave it empty for the server's own limit");
	}

}
