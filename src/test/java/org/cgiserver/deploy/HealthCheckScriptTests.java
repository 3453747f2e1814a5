package org.cgiserver.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.cgiserver.deploy.HealthCheckScript.Result;
import org.cgiserver.support.FreePort;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's health check against the real server with its actuator on a management port
 * of its own, on loopback: the check finds that port in the environment, passes only on a
 * 2xx answer, and says what it asked and what came back.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.server.address=127.0.0.1" })
class HealthCheckScriptTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.file("www/index.html", "home");
		site.folder("www/cgi-bin");
		site.serve(registry);
	}

	@Test
	void healthyOnTheManagementPortTheEnvironmentNames() {
		Result result = HealthCheckScript.run(environment());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output())
			.startsWith("healthy: http://127.0.0.1:" + this.managementPort + "/actuator/health 200");
	}

	@Test
	void aManagementServerOnEveryInterfaceIsAskedOnLoopback() {
		Result result = HealthCheckScript.run(Map.of("SERVER_PORT", String.valueOf(this.port),
				"MANAGEMENT_SERVER_PORT", String.valueOf(this.managementPort), "MANAGEMENT_SERVER_ADDRESS", "0.0.0.0"));
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void unhealthyWhenTheServerSaysDown() throws Exception {
		Path www = site.www();
		Path moved = site.path("www-moved");
		Files.move(www, moved);
		try {
			Result result = HealthCheckScript.run(environment());
			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.output())
				.startsWith("unhealthy: http://127.0.0.1:" + this.managementPort + "/actuator/health 503")
				.contains("\"status\":\"DOWN\"");
		}
		finally {
			Files.move(moved, www);
		}
	}

	@Test
	void unhealthyWhenNothingListens() {
		Result result = HealthCheckScript.run(Map.of("SERVER_PORT", String.valueOf(FreePort.next()),
				"MANAGEMENT_SERVER_PORT", String.valueOf(FreePort.next())));
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).startsWith("unhealthy: no health endpoint answered");
	}

	@Test
	void aProxyInTheEnvironmentIsNotAsked() {
		Map<String, String> environment = environment();
		environment.put("http_proxy", "http://127.0.0.1:" + FreePort.next());
		environment.put("HTTP_PROXY", environment.get("http_proxy"));
		Result result = HealthCheckScript.run(environment);
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void theUrlGivenWins() {
		String readiness = "http://127.0.0.1:" + this.managementPort + "/actuator/health/readiness";
		assertThat(HealthCheckScript.run(Map.of("HEALTHCHECK_URL", readiness)).output())
			.startsWith("healthy: " + readiness + " 200");
		Result missing = HealthCheckScript.run(Map.of("HEALTHCHECK_URL", readiness + "/nothing"));
		assertThat(missing.exitCode()).isEqualTo(1);
		assertThat(missing.output()).startsWith("unhealthy: " + readiness + "/nothing 404");
	}

	private Map<String, String> environment() {
		return new HashMap<>(Map.of("SERVER_PORT", String.valueOf(this.port), "MANAGEMENT_SERVER_PORT",
				String.valueOf(this.managementPort)));
	}

}
