package org.cgiserver.security;

import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Debian's nginx in front of the server ({@link BehindNginx}), with the server's
 * defaults: it takes no forwarded header into account.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
class BehindNginxIntegrationTests extends BehindNginx {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.file("www/index.html", "home");
		site.serve(registry);
	}

	@Override
	TestSite site() {
		return site;
	}

}
