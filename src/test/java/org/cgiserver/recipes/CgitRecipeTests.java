package org.cgiserver.recipes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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
 * {@code config/examples/cgit.yml} and its {@code cgitrc} as they are, with Debian's
 * cgit: the list of repositories, a repository's summary, cgit's stylesheet, and the
 * cache written by the scripts' user. Only the folders point at the test's own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		args = "--spring.config.additional-location=file:config/examples/cgit.yml")
class CgitRecipeTests {

	private static final Path CGIT = Path.of("/usr/lib/cgit/cgit.cgi");

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.folder("git");
		// The scripts' user reads cgitrc: a copy of the example, in a folder open to it
		// wherever this checkout lives.
		site.file("etc/cgitrc", read(Path.of("config/examples/cgitrc")));
		// What the recipe asks for: a cache folder the scripts' user may write.
		site.writableFolder("cache");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("GIT_ROOT", () -> site.path("git").toString());
		registry.add("CGIT_CONFIG", () -> site.path("etc/cgitrc").toString());
		registry.add("CGIT_CACHE", () -> site.path("cache").toString());
	}

	@BeforeAll
	static void repositories() {
		assumeTrue(Files.isExecutable(CGIT), "cgit (Debian's cgit) is not installed");
		Git.bareRepository(site.path("git"), "project.git", "the project of the recipe", false);
	}

	@LocalServerPort
	int port;

	@Test
	void theListOfRepositoriesIsShown() {
		HttpResponse<String> response = new Http(this.port).get("/cgit/");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("Repositories")
			.contains("the project of the recipe")
			.contains("href='/cgit/project.git/'")
			.contains("href='/cgit.css'");
	}

	@Test
	void aRepositorySummaryIsShown() {
		HttpResponse<String> response = new Http(this.port).get("/cgit/project.git/");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("first commit of project.git").contains("main");
	}

	@Test
	void cgitsStylesheetAndLogoAreServed() {
		Http http = new Http(this.port);
		HttpResponse<String> css = http.get("/cgit.css");
		assertThat(css.statusCode()).isEqualTo(200);
		assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/css"));
		assertThat(http.get("/cgit.png").statusCode()).isEqualTo(200);
		assertThat(http.get("/robots.txt").body()).contains("Disallow");
	}

	@Test
	void pagesAreCachedByTheScriptsUser() {
		HttpResponse<String> response = new Http(this.port).get("/cgit/project.git/log/");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(cacheEntries()).isPositive();
	}

	private static long cacheEntries() {
		try (Stream<Path> files = Files.list(site.path("cache"))) {
			return files.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
