package org.cgiserver;

import org.cgiserver.process.LaunchMechanism;
import org.cgiserver.websocket.WebSocketBuffers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Entry point of cgiserver: a static file and CGI/1.1 server.
 *
 * <p>{@code @SpringBootApplication}, but component scanning also leaves out the
 * configuration of the management server's context (the actuator's port): scanned, it
 * would be served on the site's port as well.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = { @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
		@ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
		@ComponentScan.Filter(ManagementContextConfiguration.class) })
@ConfigurationPropertiesScan
public class CgiServerApplication {

	public static void main(String[] args) {
		LaunchMechanism.preferVfork();
		WebSocketBuffers.preferSmall();
		SpringApplication.run(CgiServerApplication.class, args);
	}

}
