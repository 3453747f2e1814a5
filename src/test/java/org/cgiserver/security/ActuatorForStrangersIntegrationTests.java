package org.cgiserver.security;

import java.net.InetAddress;

import org.cgiserver.support.HostAddress;
import org.cgiserver.support.Http;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With no security settings, even with the management port listening beyond loopback
 * ({@code management.server.address}), a client from the network sees the health status
 * and nothing else of the actuator; a local client sees everything, as before. On the
 * site's port, everyone gets the status of {@code /livez} and {@code /readyz}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
class ActuatorForStrangersIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.file("www/index.html", "home");
		site.serve(registry).set("management.server.address", "0.0.0.0");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	InetAddress network;

	@BeforeEach
	void networkAddress() {
		this.network = HostAddress.nonLoopback().orElse(null);
		assumeTrue(this.network != null, "this host has no address but loopback");
	}

	@Test
	void aClientFromTheNetworkGetsTheHealthStatusOnly() {
		RawHttp.Response health = fromNetwork(this.managementPort, "/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("documentRoot", "diskSpace", "components");
		assertThat(fromNetwork(this.managementPort, "/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(fromNetwork(this.managementPort, "/actuator/health/liveness").status()).isEqualTo(200);
		for (String probe : new String[] { "/livez", "/readyz" }) {
			RawHttp.Response status = fromNetwork(this.port, probe);
			assertThat(status.status()).as(probe).isEqualTo(200);
			assertThat(status.body()).as(probe).contains("{\"status\":\"UP\"}").doesNotContain("components");
		}
	}

	@Test
	void aClientFromTheNetworkIsRefusedTheRestOfTheActuator() {
		for (String path : new String[] { "/actuator/cgi", "/actuator/cgi/runs", "/actuator/metrics",
				"/actuator/prometheus", "/actuator/info", "/actuator", "/cgi-status", "/cgi-status/data" }) {
			assertThat(fromNetwork(this.managementPort, path).status()).as(path).isEqualTo(403);
			assertThat(fromNetwork(this.port, path).status()).as("the site's port: " + path).isIn(403, 404);
		}
		assertThat(fromNetwork(this.port, "/index.html").status()).isEqualTo(200);
	}

	@Test
	void aLocalClientSeesEverythingAsBefore() {
		Http http = new Http(this.managementPort);
		assertThat(http.get("/actuator/health").body()).contains("documentRoot");
		assertThat(http.get("/actuator/cgi").statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
		assertThat(http.get("/cgi-status").statusCode()).isEqualTo(200);
		assertThat(http.get("/cgi-status/data").body()).contains("\"totals\"");
	}

	@Test
	void aLocalClientAskingForAnotherNameIsAStranger() {
		// A page rebinding its name to 127.0.0.1, or a reverse proxy on this machine.
		for (String path : new String[] { "/actuator/cgi", "/cgi-status/data" }) {
			RawHttp.Response response = RawHttp.send(this.managementPort,
					"GET " + path + " HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");
			assertThat(response.status()).as(path).isEqualTo(403);
		}
		RawHttp.Response health = RawHttp.send(this.managementPort,
				"GET /actuator/health HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");
		assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("documentRoot");
		assertThat(RawHttp.get(this.managementPort, "/actuator/cgi").status()).as("Host: localhost").isEqualTo(200);
	}

	private RawHttp.Response fromNetwork(int port, String path) {
		return RawHttp.get(this.network, port, path);
	}

}
