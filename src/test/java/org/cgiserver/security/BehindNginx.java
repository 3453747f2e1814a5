package org.cgiserver.security;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

import org.cgiserver.support.HostAddress;
import org.cgiserver.support.Nginx;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's nginx on this host in front of the server, as most guides set it up, once
 * with its default proxy settings (which send {@code Host: 127.0.0.1:port}, no forwarded
 * headers) and once with the usual forwarded headers: whatever the proxy or its client
 * sends, nobody reaches the operator's pages through it, while load balancers get the
 * health status and the operator on this host reads everything on the management port.
 * The subclasses run it against the server's settings behind a proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BehindNginx {

	/** The operator's pages: the actuator besides the health status, and the status page. */
	private static final List<String> PRIVATE = List.of("/actuator", "/actuator/cgi", "/actuator/cgi/runs",
			"/actuator/prometheus", "/actuator/metrics", "/actuator/info", "/actuator/health",
			"/actuator/health/readiness", "/actuator/health/liveness", "/cgi-status", "/cgi-status/data");

	/** What a client of the proxy sends to pass for the local operator. */
	private static final List<Disguise> DISGUISES = List.of(new Disguise("nothing", "www.example.org", ""),
			new Disguise("Host", "localhost", ""),
			new Disguise("X-Forwarded-Host", "www.example.org", "X-Forwarded-Host: localhost\r\n"),
			new Disguise("X-Forwarded-For", "localhost", "X-Forwarded-For: 127.0.0.1\r\n"),
			new Disguise("X-Real-IP", "localhost", "X-Real-IP: 127.0.0.1\r\n"),
			new Disguise("Forwarded", "www.example.org", "Forwarded: for=127.0.0.1;host=localhost\r\n"),
			new Disguise("all of them", "localhost", "X-Forwarded-Host: localhost\r\nX-Forwarded-For: 127.0.0.1\r\n"
					+ "X-Real-IP: 127.0.0.1\r\nForwarded: for=127.0.0.1;host=localhost\r\n"));

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final Nginx.Server defaults = Nginx.Server.defaults();

	private final Nginx.Server forwarding = Nginx.Server.forwardingHeaders();

	private Nginx nginx;

	abstract TestSite site();

	@BeforeAll
	void startNginx() {
		assumeTrue(Nginx.installed(), "Debian's nginx (/usr/sbin/nginx) is not installed");
		this.nginx = Nginx.start(site(), this.port, List.of(this.defaults, this.forwarding));
	}

	@AfterAll
	void stopNginx() {
		if (this.nginx != null) {
			this.nginx.close();
		}
	}

	@Test
	void theSiteIsServedThroughTheProxy() {
		for (Nginx.Server proxy : List.of(this.defaults, this.forwarding)) {
			assertThat(throughProxy(proxy, "/index.html", DISGUISES.get(0)).body()).as(proxy.directives())
				.isEqualTo("home");
		}
	}

	@Test
	void nobodyReachesTheOperatorsPagesThroughTheProxy() {
		for (Nginx.Server proxy : List.of(this.defaults, this.forwarding)) {
			for (Disguise disguise : DISGUISES) {
				for (String path : PRIVATE) {
					RawHttp.Response response = throughProxy(proxy, path, disguise);
					String what = path + " with " + disguise.name() + " through a proxy with "
							+ (proxy == this.defaults ? "default settings" : "forwarded headers");
					assertThat(response.status()).as(what).isIn(403, 404);
					assertThat(response.body()).as(what).doesNotContain("documentRoot", "components", "totals");
				}
			}
		}
	}

	@Test
	void theHealthStatusIsServedThroughTheProxy() {
		for (Nginx.Server proxy : List.of(this.defaults, this.forwarding)) {
			for (String path : List.of("/livez", "/readyz")) {
				for (Disguise disguise : DISGUISES) {
					RawHttp.Response response = throughProxy(proxy, path, disguise);
					assertThat(response.status()).as(path).isEqualTo(200);
					assertThat(response.body()).as(path)
						.contains("{\"status\":\"UP\"}")
						.doesNotContain("components", "documentRoot");
				}
			}
		}
	}

	@Test
	void theLocalOperatorReadsEverythingOnTheManagementPort() {
		assertThat(local("/actuator/cgi").status()).isEqualTo(200);
		assertThat(local("/actuator/prometheus").body()).contains("cgi_active");
		assertThat(local("/actuator/health").body()).contains("documentRoot");
		assertThat(local("/cgi-status").status()).isEqualTo(200);
		assertThat(local("/cgi-status/data").body()).contains("\"totals\"");
	}

	@Test
	void aPageRebindingItsNameTo127001IsAStrangerOnTheManagementPort() {
		for (String path : List.of("/actuator/cgi", "/actuator/prometheus", "/cgi-status", "/cgi-status/data")) {
			RawHttp.Response response = RawHttp.send(this.managementPort,
					"GET " + path + " HTTP/1.1\r\nHost: attacker.example:" + this.managementPort
							+ "\r\nConnection: close\r\n\r\n");
			assertThat(response.status()).as(path).isEqualTo(403);
		}
		RawHttp.Response health = RawHttp.send(this.managementPort,
				"GET /actuator/health HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");
		assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("documentRoot");
	}

	@Test
	void theManagementPortTakesNoConnectionFromTheNetwork() {
		InetAddress network = HostAddress.nonLoopback().orElse(null);
		assumeTrue(network != null, "this host has no address but loopback");
		assertThatException().isThrownBy(() -> new Socket(network, this.managementPort).close())
			.isInstanceOf(ConnectException.class);
		assertThat(RawHttp.get(network, this.port, "/index.html").status()).isEqualTo(200);
	}

	private RawHttp.Response throughProxy(Nginx.Server proxy, String path, Disguise disguise) {
		try {
			return RawHttp.send(proxy.port(), "GET " + path + " HTTP/1.1\r\nHost: " + disguise.host() + "\r\n"
					+ disguise.headers() + "Connection: close\r\n\r\n");
		}
		catch (UncheckedIOException ex) {
			throw new AssertionError("nginx on " + proxy.port() + " did not answer " + path + ": " + this.nginx.describe(),
					ex);
		}
	}

	private RawHttp.Response local(String path) {
		return RawHttp.get(this.managementPort, path);
	}

	private record Disguise(String name, String host, String headers) {
	}

}
