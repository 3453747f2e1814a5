package org.cgiserver.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process layer: how scripts are started and what they are confined to.
 */
@Configuration(proxyBeanMethods = false)
class ProcessConfiguration {

	@Bean
	ProcessConfinement processConfinement(CgiProperties properties) {
		return ProcessConfinement.from(properties, ProcessConfinement.ServerUser.current());
	}

	@Bean
	ProcessExecutionService processExecutionService(CgiProperties properties, ProcessConfinement confinement) {
		if (properties.getMaxConcurrent() < 1) {
			throw new InvalidConfigurationException("cgi.max-concurrent", properties.getMaxConcurrent(),
					"at least one script must be able to run");
		}
		if (properties.getTimeout().isNegative() || properties.getTimeout().isZero()) {
			throw new InvalidConfigurationException("cgi.timeout", properties.getTimeout(), "it must be positive");
		}
		return new ProcessExecutionService(ProcessLauncher.processBuilder(), confinement,
				properties.getMaxConcurrent(), properties.getQueueTimeout(), properties.getKillGrace(), ioExecutor());
	}

	/**
	 * Threads that feed standard input and drain standard error: virtual threads where
	 * the JDK has them (21+), otherwise a pool that reuses its threads.
	 */
	static ExecutorService ioExecutor() {
		try {
			return (ExecutorService) MethodHandles.publicLookup()
				.findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
				.invoke();
		}
		catch (Throwable ex) {
			AtomicInteger count = new AtomicInteger();
			return Executors.newCachedThreadPool((task) -> {
				Thread thread = new Thread(task, "cgi-io-" + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
		}
	}

}
