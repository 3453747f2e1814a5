package org.cgiserver.cgi;

import java.net.http.HttpResponse;

import org.cgiserver.support.Http;
import org.cgiserver.support.Programs;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An operator who takes {@code REDIRECT_STATUS} away from php-cgi gets its security alert
 * as a 502, and one log line that names the cause, not a puzzle about a header line.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class PhpForceRedirectIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/hello.php", "<?php echo 'hello';\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("cgi.extensions", "php")
			.set("cgi.interpreters.php", "php-cgi")
			.env("REDIRECT_STATUS", "");
	}

	@BeforeAll
	static void phpCgiIsInstalled() {
		assumeTrue(Programs.find("php-cgi") != null, "php-cgi (Debian's php-cgi) is not installed");
	}

	@LocalServerPort
	int port;

	@Test
	void theSecurityAlertIsLoggedWithItsCause(CapturedOutput output) {
		HttpResponse<String> response = new Http(this.port).get("/hello.php");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).doesNotContain("Security Alert");
		assertThat(output.toString().lines().filter((line) -> line.contains("CGI script /hello.php")))
			.singleElement()
			.asString()
			.contains("php-cgi refused to run it", "cgi.force_redirect", "REDIRECT_STATUS",
					"cgi.env.REDIRECT_STATUS");
	}

}
