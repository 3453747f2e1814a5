package org.cgiserver.files;

import org.cgiserver.support.Curl;
import org.cgiserver.support.Curl.Fetched;
import org.cgiserver.support.Programs;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With {@code cgi.precompressed=false}, a file's siblings are files like any other: a
 * client that accepts gzip gets the file as it is.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PrecompressedFilesOffIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/app.css", PrecompressedFilesIntegrationTests.STYLE);
		site.file("www/app.css.gz", PrecompressedFilesIntegrationTests.STYLE_GZ, "rw-r--r--");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("cgi.precompressed", "false");
	}

	@BeforeAll
	static void curlIsInstalled() {
		assumeTrue(Programs.find("curl") != null, "curl is not installed");
	}

	@LocalServerPort
	int port;

	@Test
	void siblingsAreNotSentForTheirFiles() {
		Fetched fetched = new Curl(this.port).fetch("/app.css", "--compressed");
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.header("content-encoding")).isNull();
		assertThat(fetched.header("vary")).isNull();
		assertThat(fetched.body()).isEqualTo(PrecompressedFilesIntegrationTests.STYLE);
	}

}
