package org.cgiserver.connection;

import java.time.Duration;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.WebSocketProperties;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Watching clients' connections.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionConfiguration {

	/** How often the connections of running scripts are checked: a disconnect is noticed within about a second. */
	private static final Duration DISCONNECT_CHECK_INTERVAL = Duration.ofMillis(500);

	/**
	 * How often open connections are checked for slow clients: often enough that a
	 * crowd of them is thinned out before it fills the connection limit.
	 */
	private static final Duration SLOW_CLIENT_CHECK_INTERVAL = Duration.ofMillis(100);

	/**
	 * How often they are checked while they fill more than half of the limit; a sweep of a
	 * few thousand connections takes well under a millisecond.
	 */
	private static final Duration CROWDED_SLOW_CLIENT_CHECK_INTERVAL = Duration.ofMillis(10);

	@Bean
	ClientDisconnectWatcher clientDisconnectWatcher() {
		return ClientDisconnectWatcher.overKernelTables(DISCONNECT_CHECK_INTERVAL);
	}

	@Bean
	SlowClientWatchdog slowClientWatchdog(CgiProperties properties) {
		return SlowClientWatchdog.start(slowClientLimits(properties.getConnections()), SLOW_CLIENT_CHECK_INTERVAL,
				CROWDED_SLOW_CLIENT_CHECK_INTERVAL);
	}

	private static SlowClientLimits slowClientLimits(CgiProperties.Connections connections) {
		long minBodyRate = connections.getMinBodyRate().toBytes();
		if (minBodyRate < 0) {
			throw new InvalidConfigurationException("cgi.connections.min-body-rate", connections.getMinBodyRate(),
					"it must not be negative (0 switches the rate off)");
		}
		return new SlowClientLimits(notNegative("cgi.connections.header-timeout", connections.getHeaderTimeout()),
				notNegative("cgi.connections.body-timeout", connections.getBodyTimeout()), minBodyRate);
	}

	private static Duration notNegative(String property, Duration value) {
		if (value.isNegative()) {
			throw new InvalidConfigurationException(property, value, "it must not be negative (0 switches it off)");
		}
		return value;
	}

	@Bean
	ConnectionShutdown connectionShutdown(SlowClientWatchdog watchdog) {
		return new ConnectionShutdown(watchdog);
	}

	@Bean
	SlowClientServerCustomizer slowClientServerCustomizer(SlowClientWatchdog watchdog, Environment environment,
			CgiProperties properties, WebSocketProperties webSocket) {
		return new SlowClientServerCustomizer(watchdog, environment, Runtime.getRuntime().maxMemory(),
				maxSessions(properties, webSocket));
	}

	/** The sessions that can be open at once: none where no prefix holds them. */
	private static int maxSessions(CgiProperties properties, WebSocketProperties webSocket) {
		boolean sessionsPossible = properties.getPrefixes()
			.stream()
			.anyMatch((prefix) -> prefix.getWebsocket() != null || prefix.isUpgrade());
		return sessionsPossible ? Math.max(0, webSocket.getMaxSessions()) : 0;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> peerAddressCustomizer() {
		return (factory) -> factory.addEngineValves(new PeerAddressValve());
	}

	@Bean
	FilterRegistrationBean<BodyRateFilter> bodyRateFilter() {
		FilterRegistrationBean<BodyRateFilter> registration = new FilterRegistrationBean<>(new BodyRateFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
