package org.cgiserver.cgi;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.Map;

import org.cgiserver.support.Http;
import org.cgiserver.support.ScriptEnv;
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
 * Prefixes with targets and their own variables, extensions, interpreters and
 * command-line arguments.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CgiMappingIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final String SHOW = "printf 'Content-Type: text/plain\\n\\n'\nenv\n";

	static {
		site.sh("programs/app.sh", SHOW);
		site.sh("outside/tool.sh", SHOW);
		site.sh("www/cgi-bin/args.sh",
				"printf 'Content-Type: text/plain\\n\\n%s' \"$#\"\nfor a in \"$@\"; do printf '|%s' \"$a\"; done\n");
		site.sh("www/anywhere/run.cgi", SHOW);
		site.file("www/anywhere/plain.txt", "plain text");
		site.file("www/anywhere/readable.cgi", "not executable and no interpreter");
		site.file("www/cgi-bin/script.pl", "print \"Content-Type: text/plain\\n\\nperl via interpreter map\";\n");
		site.file("www/htbin/hello.sh", "htbin is not configured here");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/cgi-bin")
			.prefix("/app", site.path("programs/app.sh"), "env.APP_MODE=test", "env.SCRIPT_NAME=cannot-override")
			.prefix("/tools/", site.path("outside"))
			.set("cgi.extensions", "cgi")
			.set("cgi.interpreters.pl", "perl")
			.set("cgi.command-line-arguments", true)
			.env("GLOBAL_VAR", "global");
	}

	@LocalServerPort
	int port;

	Http http() {
		return new Http(this.port);
	}

	@Test
	void programTargetGetsEverythingBelowAsPathInfo() {
		Map<String, String> env = ScriptEnv.parse(http().get("/app/repo.git/info/refs?service=x").body());
		assertThat(env).containsEntry("SCRIPT_NAME", "/app")
			.containsEntry("PATH_INFO", "/repo.git/info/refs")
			.containsEntry("QUERY_STRING", "service=x")
			.containsEntry("APP_MODE", "test")
			.containsEntry("GLOBAL_VAR", "global");
		assertThat(ScriptEnv.parse(http().get("/app").body())).containsEntry("SCRIPT_NAME", "/app")
			.doesNotContainKey("PATH_INFO");
	}

	@Test
	void folderTargetOutsideTheDocumentRootRunsItsScripts() {
		Map<String, String> env = ScriptEnv.parse(http().get("/tools/tool.sh/x").body());
		assertThat(env).containsEntry("SCRIPT_NAME", "/tools/tool.sh")
			.containsEntry("PATH_INFO", "/x")
			.containsEntry("SCRIPT_FILENAME", site.root().resolve("outside/tool.sh").toString())
			.doesNotContainKey("APP_MODE");
	}

	@Test
	void prefixesNotConfiguredAreNotCgi() {
		assertThat(http().get("/htbin/hello.sh").body()).isEqualTo("htbin is not configured here");
	}

	@Test
	void scriptsWithAConfiguredExtensionRunAnywhere() {
		Map<String, String> env = ScriptEnv.parse(http().get("/anywhere/run.cgi/more").body());
		assertThat(env).containsEntry("SCRIPT_NAME", "/anywhere/run.cgi").containsEntry("PATH_INFO", "/more");
		assertThat(http().get("/anywhere/plain.txt").body()).isEqualTo("plain text");
		assertThat(http().get("/anywhere/readable.cgi").statusCode()).isEqualTo(403);
	}

	@Test
	void interpretersRunFilesThatAreNotExecutable() {
		assertThat(http().get("/cgi-bin/script.pl").body()).isEqualTo("perl via interpreter map");
	}

	@Test
	void searchStringsBecomeArgumentsWhenEnabled() {
		assertThat(http().get("/cgi-bin/args.sh?one+two%20words").body()).isEqualTo("2|one|two words");
		assertThat(http().get("/cgi-bin/args.sh?a=1").body()).isEqualTo("0");
		assertThat(http().send(http().request("/cgi-bin/args.sh?one+two").POST(BodyPublishers.noBody()).build())
			.body()).isEqualTo("0");
	}

}
