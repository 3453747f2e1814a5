package org.cgiserver.security;

import java.net.InetAddress;
import java.util.List;

import org.cgiserver.support.HostAddress;
import org.cgiserver.support.Nginx;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An operator who puts the actuator back on the site's port (an empty
 * {@code management.server.port}), behind a proxy ({@code server.forward-headers-strategy:
 * native}): a loopback client is the local operator only with the local name it sent
 * itself and no header that proxies add, so a proxy that sends the usual forwarded
 * headers passes on no stranger as the operator.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=")
@AutoConfigureMetrics
class OperatorPagesOnTheSitesPortIntegrationTests {

	private static final List<String> PRIVATE = List.of("/actuator/cgi", "/actuator/prometheus", "/cgi-status",
			"/cgi-status/data");

	@RegisterExtension
	static final TestSite site = TestSite.create();

	/** A network whose proxies the server believes, as Tomcat believes private networks'. */
	static final InetAddress NETWORK = HostAddress.nonLoopback().orElse(null);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.file("www/index.html", "home");
		site.serve(registry)
			.set("server.forward-headers-strategy", "native")
			.set("server.tomcat.remoteip.internal-proxies", "127\\.0\\.0\\.1"
					+ ((NETWORK != null) ? "|" + NETWORK.getHostAddress().replace(".", "\\.") : ""));
	}

	@LocalServerPort
	int port;

	@Test
	void theLocalOperatorReadsEverythingOnTheSitesPort() {
		for (String path : PRIVATE) {
			assertThat(RawHttp.get(this.port, path).status()).as(path).isEqualTo(200);
		}
		assertThat(RawHttp.get(this.port, "/actuator/health").body()).contains("documentRoot");
	}

	@Test
	void aForwardedHostDoesNotMakeAnotherNameLocal() {
		for (String path : PRIVATE) {
			assertThat(send(path, "evil.example", "X-Forwarded-Host: localhost\r\n").status()).as(path).isEqualTo(403);
		}
		assertThat(send("/actuator/health", "evil.example", "X-Forwarded-Host: localhost\r\n").body())
			.contains("\"status\":\"UP\"")
			.doesNotContain("documentRoot");
	}

	@Test
	void aLoopbackRequestWithAHeaderThatProxiesAddIsAProxysClient() {
		for (String header : List.of("Forwarded: for=127.0.0.1", "X-Forwarded-For: 127.0.0.1",
				"X-Forwarded-For: 127.0.0.1, 10.1.2.3", "X-Forwarded-Proto: http", "X-Forwarded-Host: localhost",
				"X-Forwarded-Server: localhost", "X-Real-IP: 127.0.0.1", "Via: 1.1 proxy")) {
			for (String path : PRIVATE) {
				assertThat(send(path, "localhost", header + "\r\n").status()).as(path + " with " + header)
					.isEqualTo(403);
			}
		}
	}

	@Test
	void aClientOfATrustedNetworkNamingLoopbackInXForwardedForIsAStranger() {
		assumeTrue(NETWORK != null, "this host has no address but loopback");
		for (String path : PRIVATE) {
			RawHttp.Response response = RawHttp.send(NETWORK, this.port, "GET " + path
					+ " HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 127.0.0.1\r\nConnection: close\r\n\r\n");
			assertThat(response.status()).as(path).isEqualTo(403);
		}
	}

	@Test
	void aProxySendingTheUsualForwardedHeadersPassesOnNoStrangerAsTheOperator() {
		assumeTrue(Nginx.installed(), "Debian's nginx (/usr/sbin/nginx) is not installed");
		Nginx.Server proxy = Nginx.Server.forwardingHeaders();
		try (Nginx nginx = Nginx.start(site, this.port, List.of(proxy))) {
			for (String path : PRIVATE) {
				RawHttp.Response response = RawHttp.send(proxy.port(),
						"GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
				assertThat(response.status()).as(path).isEqualTo(403);
			}
			RawHttp.Response site = RawHttp.send(proxy.port(),
					"GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(site.body()).contains("home");
		}
	}

	private RawHttp.Response send(String path, String host, String headers) {
		return RawHttp.send(this.port,
				"GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "Connection: close\r\n\r\n");
	}

}
