package org.cgiserver.deploy;

import java.util.Map;

import org.cgiserver.deploy.HealthCheckScript.Result;
import org.cgiserver.support.FreePort;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's health check against the real server with its actuator on the main port,
 * over HTTPS: with no management server listening, the check asks the main port, in the
 * scheme the environment implies, or in the other when the environment does not say.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=")
class HealthCheckScriptMainPortTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.file("www/index.html", "home");
		site.folder("www/cgi-bin");
		site.folder("tls");
		TestTls.selfSigned("cgiserver", site.path("tls/cert.pem"), site.path("tls/key.pem"), "IP:127.0.0.1");
		site.serve(registry)
			.set("server.ssl.bundle", "web")
			.set("spring.ssl.bundle.pem.web.keystore.certificate", "file:" + site.path("tls/cert.pem"))
			.set("spring.ssl.bundle.pem.web.keystore.private-key", "file:" + site.path("tls/key.pem"));
	}

	@Test
	void theMainPortOverHttpsWhenTheEnvironmentSaysSo() {
		Result result = HealthCheckScript.run(Map.of("SERVER_PORT", String.valueOf(this.port), "SERVER_SSL_BUNDLE",
				"web", "MANAGEMENT_SERVER_PORT", String.valueOf(FreePort.next())));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).startsWith("healthy: https://127.0.0.1:" + this.port + "/actuator/health 200");
	}

	@Test
	void theMainPortOverHttpsWhenOnlyAFileSetsTls() {
		Result result = HealthCheckScript.run(Map.of("SERVER_PORT", String.valueOf(this.port),
				"MANAGEMENT_SERVER_PORT", String.valueOf(FreePort.next())));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).startsWith("healthy: https://127.0.0.1:" + this.port + "/actuator/health 200");
	}

	@Test
	void theManagementPortEqualToTheMainPortIsTheMainServer() {
		String port = String.valueOf(this.port);
		Result result = HealthCheckScript
			.run(Map.of("SERVER_PORT", port, "MANAGEMENT_SERVER_PORT", port, "SERVER_SSL_ENABLED", "true"));
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

}
