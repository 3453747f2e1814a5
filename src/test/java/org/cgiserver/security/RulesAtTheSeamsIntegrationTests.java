package org.cgiserver.security;

import java.util.Map;

import org.cgiserver.support.RawHttp;
import org.cgiserver.support.ScriptEnv;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access rules tried as an attacker would: every URL that runs a protected script, every
 * link into a protected folder and every spelling of a protected method needs the rule's
 * login. Requests are sent as raw bytes, so that no client cleans their paths first.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RulesAtTheSeamsIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final String ENV = "printf 'Content-Type: text/plain\\r\\n\\r\\n'\nenv\n";

	static {
		site.sh("www/cgi-bin/admin.sh", ENV);
		site.sh("www/cgi-bin/public.sh", "printf 'Location: /cgi-bin/admin.sh/x\\r\\n\\r\\n'\n");
		site.sh("www/cgi-bin/to-link.sh", "printf 'Location: /public/link/secret.txt\\r\\n\\r\\n'\n");
		site.sh("www/scripts/job.sh", ENV);
		site.sh("www/cgi-bin/app.sh", ENV);
		site.sh("www/cgi-bin/post.sh", ENV);
		site.sh("www/cgi-bin/get.sh", ENV);
		site.sh("www/cgi-bin/team/tool.sh", ENV);
		site.sh("www/apps/admin.cgi", ENV);
		site.sh("programs/git.sh", ENV);
		site.symlink("www/cgi-bin/open.sh", site.path("www/cgi-bin/admin.sh").getFileName());
		site.symlink("www/cgi-bin/tools", site.path("www/cgi-bin/team").getFileName());
		site.file("www/private/secret.txt", "for alice only");
		site.file("www/private/inner/deeper.txt", "deeper secret");
		site.file("www/public/page.txt", "public page");
		site.folder("www/public/a/b");
		site.symlink("www/public/link", java.nio.file.Path.of("../private"));
		site.symlink("www/public/a/b/c", java.nio.file.Path.of("../../../private/inner"));
		site.folder("www/public/front");
		site.symlink("www/public/front/index.html", java.nio.file.Path.of("../../private/secret.txt"));
		site.symlink("www/public/secret-alias.txt", java.nio.file.Path.of("../private/secret.txt"));
		site.file("htpasswd", Users.file(Users.ALICE, Users.BOB));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/cgi-bin")
			.prefix("/git", site.path("programs/git.sh"))
			.prefix("/team", site.path("www/cgi-bin/team"))
			.prefix("/run", site.path("www/scripts"))
			.set("cgi.extensions", "cgi")
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.max-failures", "0")
			.set("cgi.auth.rules[0].path", "/cgi-bin/app.sh/public/**")
			.set("cgi.auth.rules[1].path", "/cgi-bin/app.sh")
			.set("cgi.auth.rules[1].users", "alice")
			.set("cgi.auth.rules[2].path", "/cgi-bin/admin.sh")
			.set("cgi.auth.rules[2].users", "alice")
			.set("cgi.auth.rules[3].path", "/cgi-bin/team/**")
			.set("cgi.auth.rules[3].users", "alice")
			.set("cgi.auth.rules[4].path", "/private/**")
			.set("cgi.auth.rules[4].users", "alice")
			.set("cgi.auth.rules[5].path", "/cgi-bin/post.sh")
			.set("cgi.auth.rules[5].methods", "POST")
			.set("cgi.auth.rules[5].users", "alice")
			.set("cgi.auth.rules[6].path", "/cgi-bin/get.sh")
			.set("cgi.auth.rules[6].methods", "GET")
			.set("cgi.auth.rules[6].users", "alice")
			.set("cgi.auth.rules[7].path", "/apps/admin.cgi")
			.set("cgi.auth.rules[7].users", "alice")
			.set("cgi.auth.rules[8].path", "/git")
			.set("cgi.auth.rules[8].users", "alice")
			.set("cgi.auth.rules[9].path", "/run/**")
			.set("cgi.auth.rules[9].users", "alice");
	}

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "/cgi-bin/admin.sh", "/cgi-bin/admin.sh/x", "/cgi-bin/admin.sh/", "/cgi-bin/admin.sh//",
			"/cgi-bin/admin.sh;x/y", "/cgi-bin/admin.sh;jsessionid=1/x", "/cgi-bin/%61dmin.sh/x",
			"/cgi-bin/admin%2Esh/x", "/cgi-bin/./admin.sh/x", "//cgi-bin//admin.sh/x", "/cgi-bin/%2e/admin.sh/x",
			"/cgi-bin/..;/cgi-bin/admin.sh/x", "/cgi-bin;x/admin.sh/x", "/x/%2e%2e/cgi-bin/admin.sh/x",
			"/cgi-bin/admin.sh/x/../y", "/cgi-bin/admin.sh/public/x" })
	void everyUrlThatRunsAProtectedScriptNeedsTheLogin(String target) {
		assertNeedsAlice("GET", target);
	}

	@Test
	void aPublicScriptsLocalRedirectToAProtectedScriptNeedsTheLogin() {
		assertNeedsAlice("GET", "/cgi-bin/public.sh");
	}

	@ParameterizedTest
	@ValueSource(strings = { "HEAD", "head", "OPTIONS", "FOO", "post", "PUT" })
	void everyMethodOfAProtectedScriptNeedsTheLogin(String method) {
		RawHttp.Response response = send(method, "/cgi-bin/admin.sh/x", null);
		assertThat(response.status()).isEqualTo(401);
		assertThat(send(method, "/cgi-bin/admin.sh/x", Users.basic("alice", "alice-secret")).status()).isEqualTo(200);
	}

	@Test
	void anEarlierRuleCanStillOpenAPartOfAProtectedScript() {
		RawHttp.Response response = send("GET", "/cgi-bin/app.sh/public/x", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(ScriptEnv.parse(response.body())).containsEntry("PATH_INFO", "/public/x");
		assertNeedsAlice("GET", "/cgi-bin/app.sh/private/x");
		assertNeedsAlice("GET", "/cgi-bin/app.sh");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/cgi-bin/team/tool.sh/x", "/cgi-bin/team//tool.sh/", "/cgi-bin/tools/tool.sh",
			"/cgi-bin/tools/tool.sh/x", "/cgi-bin/open.sh", "/cgi-bin/open.sh/x" })
	void aFolderOfProtectedScriptsAndLinksToThemNeedTheLogin(String target) {
		assertNeedsAlice("GET", target);
	}

	@Test
	void aPublicScriptsLocalRedirectThroughALinkNeedsTheLogin() {
		assertThat(send("GET", "/cgi-bin/to-link.sh", null).status()).isEqualTo(401);
		RawHttp.Response alice = send("GET", "/cgi-bin/to-link.sh", Users.basic("alice", "alice-secret"));
		assertThat(alice.status()).isEqualTo(200);
		assertThat(alice.body()).isEqualTo("for alice only");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/team/tool.sh", "/team/tool.sh/x" })
	void aSecondPrefixOnAProtectedFolderNeedsTheLogin(String target) {
		assertNeedsAlice("GET", target);
	}

	@Test
	void theSourceOfProtectedScriptsIsNotServedFromTheDocumentRoot() {
		RawHttp.Response anonymous = send("GET", "/scripts/job.sh", null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.body()).doesNotContain("printf");
		assertThat(send("GET", "/scripts/job.sh", Users.basic("alice", "alice-secret")).body()).contains("printf");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/apps/admin.cgi/x", "/apps/admin.cgi/", "/apps//admin.cgi;x/y" })
	void aScriptRunByItsExtensionNeedsTheLoginWithPathInfo(String target) {
		assertNeedsAlice("GET", target);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/git", "/git/", "/git/repo.git/info/refs", "/git;x/repo" })
	void aWholeProgramPrefixNeedsTheLoginForEveryPathBelowIt(String target) {
		assertNeedsAlice("GET", target);
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "post", "Post", "pOST" })
	void aMethodRuleHoldsForEverySpellingOfItsMethod(String method) {
		RawHttp.Response anonymous = send(method, "/cgi-bin/post.sh", null);
		assertThat(anonymous.status()).isEqualTo(401);
		RawHttp.Response alice = send(method, "/cgi-bin/post.sh", Users.basic("alice", "alice-secret"));
		assertThat(alice.status()).isEqualTo(200);
		assertThat(ScriptEnv.parse(alice.body())).containsEntry("REMOTE_USER", "alice")
			.containsEntry("REQUEST_METHOD", method);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "get", "Get", "HEAD", "head", "hEaD" })
	void aGetRuleHoldsForEverySpellingOfGetAndHead(String method) {
		assertThat(send(method, "/cgi-bin/get.sh", null).status()).isEqualTo(401);
		assertThat(send(method, "/cgi-bin/get.sh", Users.basic("alice", "alice-secret")).status()).isEqualTo(200);
	}

	@Test
	void otherMethodsOfAMethodRuleStayPublic() {
		assertThat(send("GET", "/cgi-bin/post.sh", null).status()).isEqualTo(200);
		assertThat(send("POST", "/cgi-bin/get.sh", null).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/private/secret.txt", "/public/link/secret.txt", "/public//link/secret.txt",
			"/public/link/./secret.txt", "/public/link;x/secret.txt", "/public/%6cink/secret.txt",
			"/public/secret-alias.txt", "/public/a/b/c/deeper.txt", "/public/a/b/c/", "/public/link/",
			"/public/front/" })
	void aLinkDoesNotOpenAProtectedFolder(String target) {
		RawHttp.Response anonymous = send("GET", target, null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.body()).doesNotContain("for alice only").doesNotContain("deeper secret");
		RawHttp.Response alice = send("GET", target, Users.basic("alice", "alice-secret"));
		assertThat(alice.status()).isEqualTo(200);
	}

	@Test
	void aLinkedFileIsServedToTheRulesUser() {
		RawHttp.Response alice = send("GET", "/public/link/secret.txt", Users.basic("alice", "alice-secret"));
		assertThat(alice.body()).isEqualTo("for alice only");
		assertThat(send("GET", "/public/link/secret.txt", Users.basic("bob", "bob-secret")).status()).isEqualTo(403);
	}

	@Test
	void filesNoRuleProtectsStayPublic() {
		RawHttp.Response response = send("GET", "/public/page.txt", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("public page");
	}

	private void assertNeedsAlice(String method, String target) {
		RawHttp.Response anonymous = send(method, target, null);
		assertThat(anonymous.status()).as(method + " " + target).isEqualTo(401);
		assertThat(anonymous.body()).doesNotContain("REQUEST_METHOD");
		RawHttp.Response alice = send(method, target, Users.basic("alice", "alice-secret"));
		assertThat(alice.status()).as(method + " " + target + " as alice").isEqualTo(200);
		assertThat(ScriptEnv.parse(alice.body())).containsEntry("REMOTE_USER", "alice");
	}

	private RawHttp.Response send(String method, String target, String authorization) {
		String login = (authorization != null) ? "Authorization: " + authorization + "\r\n" : "";
		String body = method.equalsIgnoreCase("POST") || method.equalsIgnoreCase("PUT")
				? "Content-Length: 1\r\n\r\nx" : "\r\n";
		return RawHttp.send(this.port,
				method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + login + body);
	}

}
