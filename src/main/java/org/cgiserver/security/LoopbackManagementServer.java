package org.cgiserver.security;

import java.net.InetAddress;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * The management server listens on loopback unless {@code management.server.address}
 * names another address (Spring Boot's own default is every address). The default is
 * not a property of the jar's {@code application.properties}: Spring Boot refuses to
 * start with that property set, even empty, when the actuator shares the site's port, so
 * an operator could never go back to one port.
 */
final class LoopbackManagementServer implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

	private final ManagementServerProperties properties;

	LoopbackManagementServer(ManagementServerProperties properties) {
		this.properties = properties;
	}

	@Override
	public void customize(ConfigurableWebServerFactory factory) {
		if (this.properties.getAddress() == null) {
			factory.setAddress(InetAddress.getLoopbackAddress());
		}
	}

	/** After Spring Boot's customizer of the management server, which sets the configured address. */
	@Override
	public int getOrder() {
		return 1;
	}

}
