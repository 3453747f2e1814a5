package org.cgiserver.monitor;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.Valve;

import org.cgiserver.cgi.CgiMappings;
import org.cgiserver.config.CgiProperties;
import org.cgiserver.files.DocumentRoot;
import org.cgiserver.process.ProcessConfinement;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.security.LoginFailures;
import org.cgiserver.websocket.SessionMetrics;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Monitoring of script runs: the cgi endpoint, metrics, health, info and access log.
 */
@Configuration(proxyBeanMethods = false)
class MonitorConfiguration {

	@Bean
	RunHistory runHistory(CgiProperties properties) {
		return new RunHistory(properties.getHistory().getSize(), properties.getHistory().getMaxScripts());
	}

	@Bean
	CgiMetrics cgiMetrics(MeterRegistry registry, ProcessExecutionService processes, LoginFailures loginFailures) {
		return new CgiMetrics(registry, processes, loginFailures);
	}

	@Bean
	CgiEndpoint cgiEndpoint(RunHistory history, ProcessExecutionService processes, CgiMappings mappings,
			LoginFailures loginFailures, SessionMetrics sessions) {
		return new CgiEndpoint(history, processes, mappings, loginFailures, sessions::report);
	}

	@Bean
	CgiHealthIndicator cgiHealthIndicator(DocumentRoot documentRoot, CgiMappings mappings,
			ProcessConfinement confinement) {
		return new CgiHealthIndicator(documentRoot.path(), mappings, confinement.containment());
	}

	@Bean
	CgiInfoContributor cgiInfoContributor(CgiProperties properties, CgiMappings mappings,
			ProcessConfinement confinement, ProcessExecutionService processes, DocumentRoot documentRoot) {
		return new CgiInfoContributor(documentRoot.path(), mappings, confinement, processes,
				properties.getIdleTimeout(), properties.getMaxRequestBody().toBytes());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "cgi.access-log", matchIfMissing = true)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> accessLogCustomizer(CgiProperties properties) {
		Valve valve = switch (properties.getAccessLogFormat()) {
			case KEY_VALUE -> new AccessLogValve(AccessLine::keyValue);
			case JSON -> new AccessLogValve(AccessLine::json);
			case COMBINED -> new CombinedAccessLogValve();
		};
		return (factory) -> factory.addEngineValves(valve);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "cgi.access-log", matchIfMissing = true)
	AccessLogAppender accessLogAppender(CgiProperties properties, Environment environment) {
		return new AccessLogAppender(properties.getAccessLogOutput(), properties.getAccessLogFile(), environment);
	}

}
