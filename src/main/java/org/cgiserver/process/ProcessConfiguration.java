package org.cgiserver.process;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.threads.DaemonThreads;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process layer: how scripts are started and what they are confined to.
 */
@Configuration(proxyBeanMethods = false)
class ProcessConfiguration {

	@Bean
	ProcessConfinement processConfinement(CgiProperties properties) {
		return ProcessConfinement.from(properties.getRunAs(), resourceLimits(properties.getLimits()),
				ProcessConfinement.ServerUser.current());
	}

	@Bean
	ProcessExecutionService processExecutionService(CgiProperties properties, ProcessConfinement confinement) {
		if (properties.getMaxConcurrent() < 1) {
			throw new InvalidConfigurationException("cgi.max-concurrent", properties.getMaxConcurrent(),
					"at least one script must be able to run");
		}
		ProcessLauncher launcher = PreferredLauncher.choose(properties.isNativeLaunch());
		return new ProcessExecutionService(launcher, confinement, properties.getMaxConcurrent(),
				properties.getQueueTimeout(), properties.getKillGrace(), launcher.pipesReleaseCarrierThreads()
						? DaemonThreads.forBlockingIo("cgi-io") : DaemonThreads.reused("cgi-io"));
	}

	private static ResourceLimits resourceLimits(CgiProperties.Limits limits) {
		return new ResourceLimits((limits.getCpu() != null) ? Math.max(1, limits.getCpu().toSeconds()) : null,
				(limits.getMemory() != null) ? limits.getMemory().toBytes() : null, limits.getProcesses(),
				limits.getOpenFiles());
	}

}
