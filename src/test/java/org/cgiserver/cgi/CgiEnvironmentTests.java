package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CgiEnvironmentTests {

	private static final Path ROOT = Path.of("/srv/www");

	private final CgiEnvironment environment = new CgiEnvironment(Map.of("PATH", "/usr/bin", "LANG", "C"),
			Map.of("GLOBAL", "g", "SERVER_NAME", "spoofed", "HTTP_X_CONF", "conf"), false, "cgiserver/1.0", ROOT);

	private static CgiRequest request(Map<String, List<String>> headers, String query) {
		return new CgiRequest("GET", "HTTP/1.1", "/cgi-bin/env.sh/a%20b", query, headers, "10.0.0.1", 5555,
				"127.0.0.1", "example.org", 8080, "http", false, null, null, null);
	}

	private static Script script(String pathInfo) {
		return new Script("/cgi-bin/env.sh", ROOT.resolve("cgi-bin/env.sh"), pathInfo, null, false,
				Map.of("PREFIX_VAR", "p"), Duration.ofSeconds(1), EventStreamLimitsTests.DEFAULTS);
	}

	@Test
	void metaVariables() {
		Map<String, String> env = this.environment.build(request(Map.of(), "x=1&y=2"), script("/a b"), -1);
		assertThat(env).containsEntry("GATEWAY_INTERFACE", "CGI/1.1")
			.containsEntry("SERVER_SOFTWARE", "cgiserver/1.0")
			.containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
			.containsEntry("SERVER_NAME", "example.org")
			.containsEntry("SERVER_PORT", "8080")
			.containsEntry("SERVER_ADDR", "127.0.0.1")
			.containsEntry("REQUEST_METHOD", "GET")
			.containsEntry("REQUEST_SCHEME", "http")
			.containsEntry("QUERY_STRING", "x=1&y=2")
			.containsEntry("REQUEST_URI", "/cgi-bin/env.sh/a%20b?x=1&y=2")
			.containsEntry("SCRIPT_NAME", "/cgi-bin/env.sh")
			.containsEntry("SCRIPT_FILENAME", "/srv/www/cgi-bin/env.sh")
			.containsEntry("DOCUMENT_ROOT", "/srv/www")
			.containsEntry("PATH_INFO", "/a b")
			.containsEntry("PATH_TRANSLATED", "/srv/www/a b")
			.containsEntry("REMOTE_ADDR", "10.0.0.1")
			.containsEntry("REMOTE_HOST", "10.0.0.1")
			.containsEntry("REMOTE_PORT", "5555")
			.containsEntry("PATH", "/usr/bin")
			.containsEntry("GLOBAL", "g")
			.containsEntry("PREFIX_VAR", "p")
			.doesNotContainKeys("CONTENT_LENGTH", "CONTENT_TYPE", "AUTH_TYPE", "REMOTE_USER", "HTTPS");
	}

	@Test
	void emptyQueryAndNoPathInfo() {
		Map<String, String> env = this.environment.build(request(Map.of(), ""), script(""), -1);
		assertThat(env).containsEntry("QUERY_STRING", "")
			.containsEntry("REQUEST_URI", "/cgi-bin/env.sh/a%20b")
			.doesNotContainKeys("PATH_INFO", "PATH_TRANSLATED");
	}

	@Test
	void bodyGivesContentLength() {
		CgiRequest request = new CgiRequest("POST", "HTTP/1.1", "/x", "", Map.of(), "a", 1, "b", "c", 80, "https",
				true, null, null, "text/plain");
		Map<String, String> env = this.environment.build(request, script(""), 42);
		assertThat(env).containsEntry("CONTENT_LENGTH", "42")
			.containsEntry("CONTENT_TYPE", "text/plain")
			.containsEntry("HTTPS", "on");
	}

	@Test
	void headersAreMergedFilteredAndNeverOverrideServerValues() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("X-Multi", List.of("a", "b"));
		headers.put("Cookie", List.of("a=1", "b=2"));
		headers.put("X_Spoof", List.of("underscore"));
		headers.put("Proxy", List.of("http://evil"));
		headers.put("Authorization", List.of("Basic eDp5"));
		headers.put("Proxy-Authorization", List.of("Basic eDp5"));
		headers.put("Content-Type", List.of("text/plain"));
		headers.put("Content-Length", List.of("3"));
		headers.put("X-Conf", List.of("from-header"));
		headers.put("Host", List.of("example.org:8080"));
		Map<String, String> env = this.environment.build(request(headers, ""), script(""), -1);
		assertThat(env).containsEntry("HTTP_X_MULTI", "a, b")
			.containsEntry("HTTP_COOKIE", "a=1; b=2")
			.containsEntry("HTTP_X_CONF", "conf")
			.containsEntry("HTTP_HOST", "example.org:8080")
			.containsEntry("SERVER_NAME", "example.org")
			.doesNotContainKeys("HTTP_X_SPOOF", "HTTP_PROXY", "HTTP_AUTHORIZATION", "HTTP_PROXY_AUTHORIZATION",
					"HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH");
	}

	@Test
	void authorizationPassedOnlyWhenConfigured() {
		CgiEnvironment passing = new CgiEnvironment(Map.of(), Map.of(), true, "s", ROOT);
		Map<String, String> env = passing.build(request(Map.of("Authorization", List.of("Basic eDp5")), ""),
				script(""), -1);
		assertThat(env).containsEntry("HTTP_AUTHORIZATION", "Basic eDp5").doesNotContainKeys("AUTH_TYPE", "REMOTE_USER");
	}

	@Test
	void authenticatedUserIsPassed() {
		CgiRequest request = new CgiRequest("GET", "HTTP/1.1", "/x", "", Map.of(), "a", 1, "b", "c", 80, "http", false,
				"BASIC", "alice", null);
		assertThat(this.environment.build(request, script(""), -1)).containsEntry("AUTH_TYPE", "BASIC")
			.containsEntry("REMOTE_USER", "alice");
	}

	@Test
	void emptyBodyIsNoBody() {
		assertThat(this.environment.build(request(Map.of(), ""), script(""), 0)).doesNotContainKey("CONTENT_LENGTH");
		assertThat(this.environment.build(request(Map.of(), ""), script(""), 1)).containsEntry("CONTENT_LENGTH", "1");
	}

	@Test
	void configuredVariablesCannotFakeWhatTheRequestLacks() {
		Map<String, String> fakes = Map.of("HTTPS", "on", "AUTH_TYPE", "Basic", "REMOTE_USER", "root", "CONTENT_LENGTH",
				"9", "CONTENT_TYPE", "a/b", "PATH_INFO", "/fake", "PATH_TRANSLATED", "/fake");
		CgiEnvironment faking = new CgiEnvironment(fakes, fakes, false, "s", ROOT);
		Map<String, String> env = faking.build(request(Map.of(), ""), script(""), -1);
		assertThat(env).doesNotContainKeys(fakes.keySet().toArray(String[]::new));
	}

	@Test
	void headerNamesOfLettersDigitsAndDashesOnly() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("AZaz09-Z", List.of("plain"));
		for (String name : List.of("X@", "X[", "X`", "X{", "X/", "X:", "X.Y", "")) {
			headers.put(name, List.of("odd"));
		}
		headers.put("X-Empty", List.of());
		Map<String, String> env = this.environment.build(request(headers, ""), script(""), -1);
		assertThat(env).containsEntry("HTTP_AZAZ09_Z", "plain");
		assertThat(env.keySet().stream().filter((name) -> name.startsWith("HTTP_"))).containsExactlyInAnyOrder(
				"HTTP_AZAZ09_Z", "HTTP_X_CONF");
		assertThat(env).doesNotContainValue("odd");
	}

	@Test
	void twoSpellingsOfOneHeaderAreMerged() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Accept", List.of("text/html"));
		headers.put("accept", List.of("text/plain"));
		headers.put("Cookie", List.of("a=1"));
		headers.put("cookie", List.of("b=2"));
		Map<String, String> env = this.environment.build(request(headers, ""), script(""), -1);
		assertThat(env).containsEntry("HTTP_ACCEPT", "text/html, text/plain").containsEntry("HTTP_COOKIE", "a=1; b=2");
	}

	@Test
	void redirectStatusIsSetAsLighttpdDoesForPhpCgi() {
		assertThat(this.environment.build(request(Map.of("Redirect-Status", List.of("404")), ""), script(""), -1))
			.containsEntry("REDIRECT_STATUS", "200");
	}

	@Test
	void redirectStatusIsConfiguredOrRemovedWithAnEmptyValue() {
		CgiEnvironment configured = new CgiEnvironment(Map.of(), Map.of("REDIRECT_STATUS", "302"), false, "s", ROOT);
		assertThat(configured.build(request(Map.of(), ""), script(""), -1)).containsEntry("REDIRECT_STATUS", "302");
		CgiEnvironment removed = new CgiEnvironment(Map.of(), Map.of("REDIRECT_STATUS", ""), false, "s", ROOT);
		assertThat(removed.build(request(Map.of(), ""), script(""), -1)).doesNotContainKey("REDIRECT_STATUS");
	}

	@Test
	void inheritPicksNamedVariablesAndAlwaysHasPath() {
		assertThat(CgiEnvironment.inherit(List.of("LANG", "TZ"), Map.of("LANG", "C", "HOME", "/root")))
			.containsOnly(Map.entry("LANG", "C"), Map.entry("PATH", "/usr/local/bin:/usr/bin:/bin"));
	}

}
