package org.cgiserver;

import org.cgiserver.process.LaunchMechanism;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of cgiserver: a static file and CGI/1.1 server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CgiServerApplication {

	public static void main(String[] args) {
		LaunchMechanism.preferVfork();
		SpringApplication.run(CgiServerApplication.class, args);
	}

}
