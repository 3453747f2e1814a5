package org.cgiserver.security;

import java.net.InetAddress;

import org.cgiserver.support.HostAddress;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code cgi.auth.actuator-allow-from}, with the management port listening beyond
 * loopback ({@code management.server.address}), opens the actuator, health details
 * included, and the status page to the operators' network.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ActuatorForANetworkIntegrationTests {

	static final InetAddress NETWORK = HostAddress.nonLoopback().orElse(null);

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.file("www/index.html", "home");
		site.serve(registry)
			.set("management.server.address", "0.0.0.0")
			.set("cgi.auth.actuator-allow-from", (NETWORK != null) ? NETWORK.getHostAddress() + "/32" : "192.0.2.1");
	}

	@LocalManagementPort
	int managementPort;

	@Test
	void theConfiguredNetworkSeesTheActuatorAndHealthDetails() {
		assumeTrue(NETWORK != null, "this host has no address but loopback");
		assertThat(fromNetwork("/actuator/cgi").status()).isEqualTo(200);
		assertThat(fromNetwork("/actuator/health").body()).contains("documentRoot");
		assertThat(fromNetwork("/cgi-status").status()).isEqualTo(200);
		assertThat(fromNetwork("/cgi-status/data").body()).contains("\"running\"");
	}

	private RawHttp.Response fromNetwork(String path) {
		return RawHttp.get(NETWORK, this.managementPort, path);
	}

}
