package org.cgiserver.connection;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Watching clients' connections.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionConfiguration {

	/** How often the connections of running scripts are checked: a disconnect is noticed within about a second. */
	private static final Duration DISCONNECT_CHECK_INTERVAL = Duration.ofMillis(500);

	@Bean
	ClientDisconnectWatcher clientDisconnectWatcher() {
		return ClientDisconnectWatcher.overKernelTables(DISCONNECT_CHECK_INTERVAL);
	}

}
