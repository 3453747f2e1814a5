package org.cgiserver.security;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.context.annotation.Bean;

/**
 * The server of the operator's pages (the management port, or the site's port when they
 * share it): on loopback unless told otherwise.
 *
 * <p>Imported from {@code META-INF/spring/...ManagementContextConfiguration.imports}, into
 * the management server's context; component scanning leaves it out.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
class SecurityManagementContextConfiguration {

	@Bean
	@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
	LoopbackManagementServer loopbackManagementServer(ManagementServerProperties properties) {
		return new LoopbackManagementServer(properties);
	}

}
