package org.cgiserver.security;

import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.Valve;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The server of the operator's pages (the management port, or the site's port when they
 * share it): on loopback unless told otherwise, and keeping what each request sent before
 * anything rewrites it, by which the access rules tell the local operator.
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

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> sentHeadersValve() {
		return (factory) -> {
			// First, whatever order the customizers that add the other valves run in.
			List<Valve> valves = new ArrayList<>(List.of(new SentHeadersValve()));
			valves.addAll(factory.getEngineValves());
			factory.setEngineValves(valves);
		};
	}

}
