package org.cgiserver.recipes;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cgiserver.support.Http;
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
 * {@code config/examples/gitweb.yml} and its {@code gitweb.conf} as they are, with
 * Debian's gitweb: the list of projects, a project's summary and gitweb's stylesheet.
 * Only the folders point at the test's own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		args = "--spring.config.additional-location=file:config/examples/gitweb.yml")
class GitwebRecipeTests {

	private static final Path GITWEB = Path.of("/usr/lib/cgi-bin/gitweb.cgi");

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.folder("git");
		// The scripts' user reads gitweb.conf: a copy of the example, in a folder open to
		// it wherever this checkout lives.
		site.file("etc/gitweb.conf", CgitRecipeTests.read(Path.of("config/examples/gitweb.conf")));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("GIT_ROOT", () -> site.path("git").toString());
		registry.add("GITWEB_CONFIG", () -> site.path("etc/gitweb.conf").toString());
	}

	@BeforeAll
	static void repositories() {
		assumeTrue(Files.isExecutable(GITWEB), "gitweb (Debian's gitweb) is not installed");
		Git.bareRepository(site.path("git"), "project.git", "the project of the recipe", false);
	}

	@LocalServerPort
	int port;

	@Test
	void theListOfProjectsIsShown() {
		HttpResponse<String> response = new Http(this.port).get("/gitweb/");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("the project of the recipe")
			.contains("/gitweb?p=project.git;a=summary")
			.contains("href=\"/gitweb.css\"");
	}

	@Test
	void aProjectSummaryIsShown() {
		HttpResponse<String> response = new Http(this.port).get("/gitweb?p=project.git;a=summary");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("the project of the recipe")
			.contains("first commit of project.git")
			.contains("main");
	}

	@Test
	void gitwebsStylesheetIsServed() {
		Http http = new Http(this.port);
		HttpResponse<String> css = http.get("/gitweb.css");
		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/css"));
		assertThat(http.get("/git-logo.png").statusCode()).isEqualTo(200);
	}

}
