package org.cgiserver.cgi;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.awaitility.Awaitility;
import org.cgiserver.support.Http;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.ScriptEnv;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CGI/1.1 contract, end to end: real scripts run by the real server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class CgiIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("secret.sh", "printf 'Content-Type: text/plain\\n\\nOUTSIDE-RAN\\n'\n");
		site.sh("www/cgi-bin/env.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\n'\nenv\n");
		site.sh("www/cgi-bin/echo.sh",
				"printf 'Content-Type: %s\\r\\n\\r\\n' \"${CONTENT_TYPE:-application/octet-stream}\"\nexec cat\n");
		site.sh("www/cgi-bin/method.sh", "printf 'Content-Type: text/plain\\r\\nX-Method: %s\\r\\nX-Remote-Port: %s\\r\\n\\r\\n"
				+ "method %s\\n' \"$REQUEST_METHOD\" \"$REMOTE_PORT\" \"$REQUEST_METHOD\"\n");
		site.sh("www/cgi-bin/status.sh", "printf 'Status: 404 Not Here\\nContent-Type: text/plain\\n\\ngone\\n'\n");
		site.sh("www/cgi-bin/local.sh", "printf 'Location: /cgi-bin/env.sh?from=local\\n\\n'\n");
		site.sh("www/cgi-bin/local-static.sh", "printf 'Location: /page.html\\n\\n'\n");
		site.sh("www/cgi-bin/local-to.sh", "printf 'Location: %s\\n\\n' \"$QUERY_STRING\"\n");
		site.sh("www/cgi-bin/loop.sh", "printf 'Location: /cgi-bin/loop.sh\\n\\n'\n");
		site.sh("www/cgi-bin/client.sh", "printf 'Location: http://example.org/there\\n\\n'\n");
		site.sh("www/cgi-bin/clientdoc.sh",
				"printf 'Status: 301 Moved\\nLocation: http://example.org/moved\\nContent-Type: text/html\\n\\n<a href=\"http://example.org/moved\">moved</a>'\n");
		site.sh("www/cgi-bin/notype.sh", "printf 'X-Only: header\\n\\nbody'\n");
		site.sh("www/cgi-bin/badline.sh", "printf 'Content-Type: text/plain\\nnot a header\\n\\nbody'\n");
		site.sh("www/cgi-bin/inject.sh",
				"printf 'Content-Type: text/plain\\nX-A: one\\rX-Injected: two\\n\\nbody'\n");
		site.sh("www/cgi-bin/bigheader.sh",
				"printf 'Content-Type: text/plain\\n'\ni=0\nwhile [ $i -lt 2000 ]; do printf 'X-Filler-%d: %s\\n' $i 0123456789012345678901234567890123456789; i=$((i+1)); done\nprintf '\\nbody'\n");
		site.sh("www/cgi-bin/noblank.sh", "printf 'Content-Type: text/plain\\n'\n");
		site.sh("www/cgi-bin/silent.sh", "exit 0\n");
		site.sh("www/cgi-bin/cookies.sh",
				"printf 'Content-Type: text/plain\\nSet-Cookie: a=1\\nSet-Cookie: b=2\\nConnection: close\\nTransfer-Encoding: gzip\\n\\ncookies'\n");
		site.sh("www/cgi-bin/length.sh", "printf 'Content-Type: text/plain\\nContent-Length: 5\\n\\nhello'\n");
		site.sh("www/cgi-bin/short.sh", "printf 'Content-Type: text/plain\\nContent-Length: 100\\n\\nonly ten.\\n'\n");
		site.sh("www/cgi-bin/nocontent.sh", "printf 'Status: 204 No Content\\n\\nignored'\n");
		site.sh("www/cgi-bin/notmodified.sh", "printf 'Status: 304 Not Modified\\n\\nignored'\n");
		site.sh("www/cgi-bin/nph-raw.sh",
				"printf 'HTTP/1.1 203 Non-Authoritative\\r\\nContent-Type: text/plain\\r\\nX-Nph: yes\\r\\n\\r\\nnph body'\n");
		site.sh("www/cgi-bin/nph-bad.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\nnot nph'\n");
		site.sh("www/cgi-bin/stderr.sh",
				"echo 'first complaint' >&2\nhead -c 70000 /dev/zero | tr '\\0' 'e' >&2\necho >&2\nprintf 'Content-Type: text/plain\\n\\nfine'\n");
		site.sh("www/cgi-bin/fail.sh", "printf 'Content-Type: text/plain\\n\\npartial'\nexit 3\n");
		site.sh("www/cgi-bin/stream.sh", "printf 'Content-Type: text/plain\\n\\nfirst line\\n'\n"
				+ "while [ ! -e \"$GO_FILE\" ]; do sleep 0.02; done\necho 'second line'\n");
		site.sh("www/cgi-bin/id.sh", "printf 'Content-Type: text/plain\\n\\n%s %s' \"$(id -u)\" \"$(id -G)\"\n");
		site.sh("www/cgi-bin/args.sh", "printf 'Content-Type: text/plain\\n\\n%s' \"$#\"\n");
		site.sh("www/cgi-bin/pwd.sh", "printf 'Content-Type: text/plain\\n\\n%s' \"$(pwd)\"\n");
		site.script("www/cgi-bin/hello.pl",
				"#!/usr/bin/perl\nprint \"Content-Type: text/plain\\r\\n\\r\\nperl says hi\\n\";\n");
		site.sh("www/cgi-bin/sub/deep.sh",
				"printf 'Content-Type: text/plain\\n\\n%s|%s' \"$SCRIPT_NAME\" \"$PATH_INFO\"\n");
		site.file("www/cgi-bin/noexec.sh", "#!/bin/sh\necho should not run\n");
		site.sh("www/cgi-bin/.hidden.sh", "printf 'Content-Type: text/plain\\n\\nhidden ran'\n");
		site.file("www/cgi-binx/env.sh", "static, not run");
		site.file("www/page.html", "<p>static page</p>");
		site.writableFolder("flags");
		site.symlink("www/cgi-bin/escape.sh", site.path("secret.sh"));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("cgi.max-request-body", "8MB")
			.env("GO_FILE", site.path("flags/go"))
			.env("SERVER_NAME", "configured-cannot-win");
	}

	@LocalServerPort
	int port;

	Http http() {
		return new Http(this.port);
	}

	// ---------------------------------------------------------------- request -> script

	@Test
	void getRequestGivesTheScriptTheMetaVariables() {
		HttpResponse<String> response = http().send(http().request("/cgi-bin/env.sh/extra%20path/x?a=1&b=%20")
			.header("X-Multi", "one")
			.header("X-Multi", "two")
			.header("Authorization", "Basic dXNlcjpwYXNz")
			.header("Proxy", "http://evil.example")
			.build());
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, String> env = ScriptEnv.parse(response.body());
		assertThat(env).containsEntry("GATEWAY_INTERFACE", "CGI/1.1")
			.containsEntry("REQUEST_METHOD", "GET")
			.containsEntry("SCRIPT_NAME", "/cgi-bin/env.sh")
			.containsEntry("PATH_INFO", "/extra path/x")
			.containsEntry("PATH_TRANSLATED", site.root().resolve("www") + "/extra path/x")
			.containsEntry("QUERY_STRING", "a=1&b=%20")
			.containsEntry("REQUEST_URI", "/cgi-bin/env.sh/extra%20path/x?a=1&b=%20")
			.containsEntry("SCRIPT_FILENAME", site.root().resolve("www/cgi-bin/env.sh").toString())
			.containsEntry("DOCUMENT_ROOT", site.root().resolve("www").toString())
			.containsEntry("SERVER_NAME", "127.0.0.1")
			.containsEntry("SERVER_PORT", Integer.toString(this.port))
			.containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
			.containsEntry("SERVER_ADDR", "127.0.0.1")
			.containsEntry("REMOTE_ADDR", "127.0.0.1")
			.containsEntry("REMOTE_HOST", "127.0.0.1")
			.containsEntry("REQUEST_SCHEME", "http")
			.containsEntry("HTTP_X_MULTI", "one, two")
			.containsKey("REMOTE_PORT")
			.containsKey("PATH")
			.doesNotContainKeys("CONTENT_LENGTH", "CONTENT_TYPE", "AUTH_TYPE", "REMOTE_USER", "HTTP_AUTHORIZATION",
					"HTTP_PROXY", "HTTPS", "HOME");
		assertThat(env.get("SERVER_SOFTWARE")).startsWith("cgiserver/");
		assertThat(env.get("REMOTE_PORT")).containsOnlyDigits();
	}

	@Test
	void headerNamesWithUnderscoresCannotSpoofDashedOnes() {
		RawHttp.Response response = RawHttp.send(this.port, "GET /cgi-bin/env.sh HTTP/1.1\r\nHost: h.example:81\r\n"
				+ "X_Forwarded_For: spoof\r\nCookie: a=1\r\nCookie: b=2\r\nConnection: close\r\n\r\n");
		String body = response.body();
		assertThat(body).contains("HTTP_COOKIE=a=1; b=2")
			.contains("SERVER_NAME=h.example\n")
			.contains("SERVER_PORT=81\n")
			.doesNotContain("spoof");
	}

	@Test
	void scriptEnvironmentIsIsolatedAndServerValuesWin() {
		Map<String, String> env = ScriptEnv.parse(http().get("/cgi-bin/env.sh").body());
		assertThat(env).containsEntry("GO_FILE", site.root().resolve("flags/go").toString())
			.containsEntry("SERVER_NAME", "127.0.0.1");
		Map<String, String> server = System.getenv();
		server.keySet()
			.stream()
			.filter((name) -> !List.of("PATH", "LANG", "TZ", "LD_LIBRARY_PATH", "PWD", "SHLVL", "_").contains(name))
			.forEach((name) -> assertThat(env).as("server variable %s", name).doesNotContainKey(name));
	}

	@Test
	void postBodyReachesStdinWithLengthAndType() {
		HttpResponse<String> response = http().send(http().request("/cgi-bin/echo.sh")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("name=value&x=%20"))
			.build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("name=value&x=%20");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-www-form-urlencoded");
	}

	@Test
	void multiMegabyteBodiesPassBothWaysUnchanged() {
		byte[] body = new byte[6 * 1024 * 1024];
		new Random(7).nextBytes(body);
		HttpResponse<byte[]> response = http().send(
				http().request("/cgi-bin/echo.sh").POST(BodyPublishers.ofByteArray(body)).build(),
				BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Arrays.equals(response.body(), body)).as("echoed bytes equal").isTrue();
	}

	@Test
	void chunkedUploadGetsItsLengthComputed() {
		byte[] body = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
		HttpRequest request = http().request("/cgi-bin/env.sh")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();
		Map<String, String> env = ScriptEnv.parse(http().send(request).body());
		assertThat(env).containsEntry("CONTENT_LENGTH", "100000").containsEntry("REQUEST_METHOD", "POST");
		HttpResponse<String> echoed = http().send(http().request("/cgi-bin/echo.sh")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build());
		assertThat(echoed.body()).hasSize(100_000);
	}

	@Test
	void scriptsThatIgnoreTheirBodyLeaveTheConnectionUsable() {
		// Far more than a pipe holds, so the script leaves most of it unread; less than
		// Tomcat swallows (server.tomcat.max-swallow-size, 2MB), beyond which it closes.
		byte[] body = new byte[1024 * 1024];
		byte[] head = ("POST /cgi-bin/method.sh HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			String clientPort = Integer.toString(connection.localPort());
			for (int i = 0; i < 3; i++) {
				RawHttp.Response ignored = connection.write(head).exchange(body);
				assertThat(ignored.status()).isEqualTo(200);
				assertThat(ignored.body()).isEqualTo("method POST\n");
				assertThat(ignored.header("X-Remote-Port")).isEqualTo(clientPort);
				// The next request can only be answered on this socket if the server kept it.
				RawHttp.Response next = connection.get("/cgi-bin/method.sh");
				assertThat(next.status()).isEqualTo(200);
				assertThat(next.header("X-Method")).isEqualTo("GET");
				assertThat(next.header("X-Remote-Port")).isEqualTo(clientPort);
			}
		}
	}

	@Test
	void bodiesOverTheLimitAreRefused() {
		RawHttp.Response declared = RawHttp.send(this.port, "POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\n"
				+ "Content-Length: 9000000\r\nExpect: 100-continue\r\n\r\n");
		assertThat(declared.status()).isEqualTo(413);
		byte[] big = new byte[9 * 1024 * 1024];
		HttpResponse<String> chunked = http().send(http().request("/cgi-bin/echo.sh")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
			.build());
		assertThat(chunked.statusCode()).isEqualTo(413);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND" })
	void everyMethodReachesTheScript(String method) {
		HttpResponse<String> response = http()
			.send(http().request("/cgi-bin/method.sh").method(method, BodyPublishers.noBody()).build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Method")).hasValue(method);
	}

	@Test
	void headRunsTheScriptAndSendsNoBody() {
		RawHttp.Response response = RawHttp.send(this.port,
				"HEAD /cgi-bin/method.sh HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("X-Method")).isEqualTo("HEAD");
		assertThat(response.rawBody()).isEmpty();
	}

	@Test
	void commandLineArgumentsAreOffByDefault() {
		assertThat(http().get("/cgi-bin/args.sh?one+two").body()).isEqualTo("0");
	}

	@Test
	void aPathSentUncleanGivesTheScriptItsCleanForm() {
		Map<String, String> env = ScriptEnv.parse(RawHttp.get(this.port, "/x/..//cgi-bin/./env.sh/a//b?q=1").body());
		assertThat(env).containsEntry("REQUEST_URI", "/cgi-bin/env.sh/a/b?q=1")
			.containsEntry("SCRIPT_NAME", "/cgi-bin/env.sh")
			.containsEntry("PATH_INFO", "/a/b");
	}

	@Test
	void aLocalRedirectFromAPathSentUncleanGivesTheNewScriptItsOwnPath() {
		Map<String, String> env = ScriptEnv.parse(RawHttp.get(this.port, "/cgi-bin//local.sh").body());
		assertThat(env).containsEntry("REQUEST_URI", "/cgi-bin/env.sh?from=local")
			.containsEntry("SCRIPT_NAME", "/cgi-bin/env.sh");
	}

	@Test
	void workingDirectoryIsTheScriptsFolder() {
		assertThat(http().get("/cgi-bin/sub/../pwd.sh").body()).isEqualTo(site.root().resolve("www/cgi-bin").toString());
	}

	@Test
	void scriptsNeverRunAsRoot() throws Exception {
		String body = http().get("/cgi-bin/id.sh").body();
		long serverUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
		if (serverUid == 0) {
			// Dropped to nobody, with its own group and no supplementary groups.
			String[] ids = body.split(" ");
			assertThat(ids[0]).isNotEqualTo("0");
			assertThat(ids).hasSize(2);
		}
		else {
			assertThat(body).startsWith(serverUid + " ");
		}
	}

	// ---------------------------------------------------------------- resolution

	@Test
	void scriptsInNestedFoldersGetTheRestOfThePathAsPathInfo() {
		assertThat(http().get("/cgi-bin/sub/deep.sh/x/y").body()).isEqualTo("/cgi-bin/sub/deep.sh|/x/y");
		assertThat(http().get("/cgi-bin/sub/deep.sh").body()).isEqualTo("/cgi-bin/sub/deep.sh|");
	}

	@Test
	void interpretersAreFoundThroughTheShebang() {
		assertThat(http().get("/cgi-bin/hello.pl").body()).isEqualTo("perl says hi\n");
	}

	@Test
	void missingScriptIsNotFound() {
		HttpResponse<String> response = http().get("/cgi-bin/nothing.sh");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("No such CGI script");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/cgi-bin/", "/cgi-bin", "/cgi-bin/sub", "/cgi-bin/sub/", "/cgi-bin/noexec.sh",
			"/cgi-bin/escape.sh" })
	void foldersUnrunnableFilesAndEscapesAreForbidden(String path) {
		RawHttp.Response response = RawHttp.get(this.port, path);
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("should not run").doesNotContain("OUTSIDE-RAN").doesNotContain("env.sh");
	}

	@Test
	void prefixMatchesWholeSegmentsOnly() {
		HttpResponse<String> response = http().get("/cgi-binx/env.sh");
		assertThat(response.body()).isEqualTo("static, not run");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/cgi-bin/../secret.sh", "/cgi-bin/%2e%2e/secret.sh", "/cgi-bin/..%2fsecret.sh",
			"/cgi-bin/..%5csecret.sh", "/cgi-bin/%252e%252e/secret.sh", "/cgi-bin/env.sh%00", "/cgi-bin/%2e%2e%2f%2e%2e%2fsecret.sh",
			"/cgi-bin/.hidden.sh", "/cgi-bin/%2ehidden.sh", "/%63gi-bin/noexec.sh", "/cgi-bin//noexec.sh",
			"/cgi-bin/./noexec.sh", "/cgi-bin/noexec.sh/", "/cgi-bin/noexec.sh%20", "/CGI-BIN/noexec.sh",
			"/cgi-bin/noexec.sh::$DATA", "/cgi-bin/noexec.sh.", "/cgi-bin/NOEXEC.SH" })
	void traversalAndSourceDisclosureAttemptsRunAndShowNothing(String path) {
		RawHttp.Response response = RawHttp.get(this.port, path);
		assertThat(response.status()).isIn(400, 403, 404);
		assertThat(response.body()).doesNotContain("#!/bin/sh")
			.doesNotContain("OUTSIDE-RAN")
			.doesNotContain("hidden ran")
			.doesNotContain("should not run");
	}

	// ---------------------------------------------------------------- script -> response

	@Test
	void statusHeaderSetsTheStatus() {
		HttpResponse<String> response = http().get("/cgi-bin/status.sh");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("gone\n");
	}

	@Test
	void localRedirectIsAnsweredByTheServerAsAGet() {
		HttpResponse<String> response = http()
			.send(http().request("/cgi-bin/local.sh").POST(BodyPublishers.ofString("body")).build());
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, String> env = ScriptEnv.parse(response.body());
		assertThat(env).containsEntry("SCRIPT_NAME", "/cgi-bin/env.sh")
			.containsEntry("QUERY_STRING", "from=local")
			.containsEntry("REQUEST_METHOD", "GET")
			.doesNotContainKeys("CONTENT_LENGTH", "CONTENT_TYPE");
		assertThat(http().get("/cgi-bin/local-static.sh").body()).isEqualTo("<p>static page</p>");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/x/../cgi-bin/env.sh", "/cgi-bin//env.sh", "/cgi-bin/./env.sh", "/cgi-bin/%2e%2e/page.html",
			"/actuator/metrics/x%2F..%2F..%2Fhealth", "/actuator/health/x%5C..", "/actuator/;a/../health" })
	void aLocalRedirectToAPathThatIsNotCleanIsRefused(String location) {
		HttpResponse<String> response = http().get("/cgi-bin/local-to.sh?" + location);
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).doesNotContain("REQUEST_URI").doesNotContain("static page");
	}

	@Test
	void aLocalRedirectToACleanPathIsFollowed() {
		assertThat(http().get("/cgi-bin/local-to.sh?/page.html").body()).isEqualTo("<p>static page</p>");
	}

	@Test
	void localRedirectLoopsAreCut() {
		HttpResponse<String> response = http().get("/cgi-bin/loop.sh");
		assertThat(response.statusCode()).isEqualTo(502);
	}

	@Test
	void absoluteLocationIsARedirectOfTheClient() {
		HttpResponse<String> plain = http().get("/cgi-bin/client.sh");
		assertThat(plain.statusCode()).isEqualTo(302);
		assertThat(plain.headers().firstValue("Location")).hasValue("http://example.org/there");
		HttpResponse<String> withDocument = http().get("/cgi-bin/clientdoc.sh");
		assertThat(withDocument.statusCode()).isEqualTo(301);
		assertThat(withDocument.headers().firstValue("Location")).hasValue("http://example.org/moved");
		assertThat(withDocument.body()).contains("moved</a>");
	}

	@ParameterizedTest
	@ValueSource(strings = { "notype.sh", "badline.sh", "inject.sh", "bigheader.sh", "noblank.sh", "silent.sh",
			"nph-bad.sh" })
	void malformedOutputIsABadGateway(String script, CapturedOutput output) {
		RawHttp.Response response = RawHttp.get(this.port, "/cgi-bin/" + script);
		assertThat(response.status()).isEqualTo(502);
		assertThat(response.header("X-Injected")).isNull();
		assertThat(response.header("X-Only")).isNull();
		assertThat(response.body()).doesNotContain("Exception");
		assertThat(output).contains("CGI script /cgi-bin/" + script + " wrote a malformed response");
	}

	@Test
	void headersPassThroughExceptHopByHop() {
		// The client keeps the connection alive: a Connection header of the script's would
		// be the only reason for the server to close it.
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			RawHttp.Response response = connection.get("/cgi-bin/cookies.sh");
			assertThat(response.headers()).contains("Set-Cookie: a=1", "Set-Cookie: b=2");
			assertThat(response.header("Transfer-Encoding")).isNotEqualTo("gzip");
			assertThat(response.header("Connection")).isNotEqualToIgnoringCase("close");
			assertThat(response.body()).isEqualTo("cookies");
			assertThat(connection.get("/cgi-bin/method.sh").header("X-Method")).isEqualTo("GET");
		}
	}

	@Test
	void contentLengthOfTheScriptIsHonoured() {
		RawHttp.Response response = RawHttp.get(this.port, "/cgi-bin/length.sh");
		assertThat(response.header("Content-Length")).isEqualTo("5");
		assertThat(response.header("Transfer-Encoding")).isNull();
		assertThat(response.body()).isEqualTo("hello");
	}

	@Test
	void scriptThatWritesLessThanItsContentLengthHasItsConnectionCut() {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			connection.write("GET /cgi-bin/short.sh HTTP/1.1\r\nHost: x\r\n\r\n");
			// Cut off, not ended: a client kept waiting would take the next response's
			// bytes for the rest of this body.
			RawHttp.Response response = RawHttp.Response.parse(connection.readUntilClosed(Duration.ofSeconds(20)));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("Content-Length")).isEqualTo("100");
			assertThat(response.body()).isEqualTo("only ten.\n");
		}
	}

	@Test
	void noContentAndNotModifiedHaveNoBody() {
		RawHttp.Response noContent = RawHttp.get(this.port, "/cgi-bin/nocontent.sh");
		assertThat(noContent.status()).isEqualTo(204);
		assertThat(noContent.rawBody()).isEmpty();
		RawHttp.Response notModified = RawHttp.get(this.port, "/cgi-bin/notmodified.sh");
		assertThat(notModified.status()).isEqualTo(304);
		assertThat(notModified.rawBody()).isEmpty();
	}

	@Test
	void nphScriptsSendTheirOwnStatusAndHeaders() {
		RawHttp.Response response = RawHttp.send(this.port,
				"GET /cgi-bin/nph-raw.sh HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
		assertThat(response.status()).isEqualTo(203);
		assertThat(response.header("X-Nph")).isEqualTo("yes");
		assertThat(response.body()).contains("nph body");
	}

	@Test
	void stderrGoesToTheLogNotTheClient(CapturedOutput output) {
		HttpResponse<String> response = http().get("/cgi-bin/stderr.sh");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("fine");
		// Standard error is logged as it is read, which may end after the response.
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(output).contains("/cgi-bin/stderr.sh: first complaint"));
	}

	@Test
	void nonZeroExitAfterACompleteResponseKeepsTheResponse() {
		HttpResponse<String> response = http().get("/cgi-bin/fail.sh");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("partial");
	}

	@Test
	void outputStreamsAsTheScriptWritesIt() throws Exception {
		Path go = site.root().resolve("flags/go");
		Files.deleteIfExists(go);
		HttpResponse<InputStream> response = http().send(http().request("/cgi-bin/stream.sh").build(),
				BodyHandlers.ofInputStream());
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			// The script waits for the flag file before its second line: the first line
			// can only arrive here if it was streamed.
			assertThat(reader.readLine()).isEqualTo("first line");
			Files.writeString(go, "go");
			assertThat(reader.readLine()).isEqualTo("second line");
			assertThat(reader.readLine()).isNull();
		}
		finally {
			Files.deleteIfExists(go);
		}
	}

}
