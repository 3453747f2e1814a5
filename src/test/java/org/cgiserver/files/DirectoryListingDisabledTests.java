package org.cgiserver.files;

import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cgi.directory-listing=false}: folders without an index are not listed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DirectoryListingDisabledTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/plain/file.txt", "x");
		site.file("www/indexed/index.html", "<p>index</p>");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("cgi.directory-listing", false);
	}

	@LocalServerPort
	int port;

	@Test
	void foldersWithoutIndexAreForbiddenButIndexesStillServed() {
		Http http = new Http(this.port);
		assertThat(http.get("/plain/").statusCode()).isEqualTo(403);
		assertThat(http.get("/plain/").body()).doesNotContain("file.txt");
		assertThat(http.get("/indexed/").body()).isEqualTo("<p>index</p>");
	}

}
