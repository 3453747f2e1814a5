package org.cgiserver.files;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cgiserver.support.Http;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
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
 * Files of the document root: their bytes and headers, conditional and partial requests,
 * folders, methods, and nothing outside the root or hidden. The actuator is on the site's
 * port, as an operator may put it, to show its endpoints beside files.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=")
class StaticFilesIntegrationTests {

	@RegisterExtension
	private static final TestSite site = TestSite.create();

	private static final byte[] LARGE = new byte[1024 * 1024 + 7];

	static {
		new Random(3).nextBytes(LARGE);
		site.file("secret.txt", "TOP-SECRET");
		site.file("www/hello.txt", "hello, world\n");
		site.file("www/page.html", "<p>page</p>");
		site.file("www/large.bin", LARGE, "rw-r--r--");
		site.file("www/docs/index.html", "<h1>docs index</h1>");
		site.file("www/old/index.htm", "<h1>old index</h1>");
		site.file("www/list/<b>&amp; x.txt", "escaped");
		site.file("www/list/a b%.txt", "spaces");
		site.folder("www/list/sub");
		site.file("www/list/.env", "SECRET=1");
		site.file("www/.env", "SECRET=1");
		site.file("www/.git/config", "[core]");
		site.file("www/.well-known/security.txt", "Contact: mailto:security@example.org\n");
		site.file("www/.well-known/.secret", "SECRET=1");
		site.file("www/list/.well-known/security.txt", "SECRET=1");
		site.symlink("www/escape.txt", site.path("secret.txt"));
		site.symlink("www/up", site.root());
		site.symlink("www/inside.txt", site.path("www/hello.txt"));
		site.file("www/actuator/health", "FILE");
		site.file("www/actuator/notes.txt", "notes beside the endpoints");
		site.file("www/error", "FILE");
		site.file("www/cgi-status", "FILE");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry);
	}

	@LocalServerPort
	int port;

	private Http http() {
		return new Http(this.port);
	}

	@Test
	void servesFileBytesWithContentTypeFromExtension() {
		HttpResponse<String> response = http().get("/hello.txt");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello, world\n");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(http().get("/page.html").headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
	}

	@Test
	void largeFilesAreSentWholeWithTheSameHeaders() {
		HttpResponse<byte[]> response = http().send(http().request("/large.bin").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(LARGE);
		assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(LARGE.length));
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
		String etag = response.headers().firstValue("ETag").orElseThrow();
		String lastModified = response.headers().firstValue("Last-Modified").orElseThrow();
		assertThat(http().send(http().request("/large.bin").header("If-None-Match", etag).build()).statusCode())
			.isEqualTo(304);
		assertThat(http().send(http().request("/large.bin").header("If-Modified-Since", lastModified).build())
			.statusCode()).isEqualTo(304);
		HttpResponse<byte[]> range = http().send(http().request("/large.bin").header("Range", "bytes=10-19").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.body()).isEqualTo(Arrays.copyOfRange(LARGE, 10, 20));
	}

	@Test
	void headSendsHeadersWithoutBody() {
		RawHttp.Response response = RawHttp.send(this.port,
				"HEAD /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Length")).isEqualTo("13");
		assertThat(response.rawBody()).isEmpty();
	}

	@Test
	void conditionalRequestsAnswerNotModified() {
		HttpResponse<String> first = http().get("/hello.txt");
		String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
		String etag = first.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> byDate = http()
			.send(http().request("/hello.txt").header("If-Modified-Since", lastModified).build());
		assertThat(byDate.statusCode()).isEqualTo(304);
		assertThat(byDate.body()).isEmpty();
		HttpResponse<String> byTag = http().send(http().request("/hello.txt").header("If-None-Match", etag).build());
		assertThat(byTag.statusCode()).isEqualTo(304);
	}

	@Test
	void rangesAnswerPartialContentOrNotSatisfiable() {
		HttpResponse<String> partial = http().send(http().request("/hello.txt").header("Range", "bytes=0-4").build());
		assertThat(partial.statusCode()).isEqualTo(206);
		assertThat(partial.body()).isEqualTo("hello");
		assertThat(partial.headers().firstValue("Content-Range")).hasValue("bytes 0-4/13");
		HttpResponse<String> outside = http()
			.send(http().request("/hello.txt").header("Range", "bytes=100-200").build());
		assertThat(outside.statusCode()).isEqualTo(416);
	}

	@Test
	void folderWithIndexServesIt() {
		assertThat(http().get("/docs/").body()).isEqualTo("<h1>docs index</h1>");
		assertThat(http().get("/old/").body()).isEqualTo("<h1>old index</h1>");
	}

	@Test
	void folderWithoutSlashRedirectsToIt() {
		HttpResponse<String> response = http().get("/docs?x=1");
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location")).hasValue("/docs/?x=1");
	}

	@Test
	void folderWithoutIndexIsListedEscapedAndSorted() {
		HttpResponse<String> response = http().get("/list/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		String body = response.body();
		assertThat(body).contains("<a href=\"./%3Cb%3E%26amp%3B%20x.txt\">&lt;b&gt;&amp;amp; x.txt</a>")
			.contains("<a href=\"./a%20b%25.txt\">a b%.txt</a>")
			.contains("<a href=\"./sub/\">sub/</a>")
			.doesNotContain(".env");
		assertThat(body.indexOf("&lt;b&gt;")).isLessThan(body.indexOf("a b%.txt"));
		assertThat(body.indexOf("a b%.txt")).isLessThan(body.indexOf("sub/"));
	}

	@Test
	void filesCreatedAfterStartAreServed() throws Exception {
		assertThat(http().get("/late.txt").statusCode()).isEqualTo(404);
		site.file("www/late.txt", "late");
		assertThat(http().get("/late.txt").body()).isEqualTo("late");
	}

	@Test
	void aSmallFileChangedInPlaceIsServedNewAtOnce() throws Exception {
		Path file = site.file("www/settled.txt", "first");
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
		assertThat(http().get("/settled.txt").body()).isEqualTo("first");
		assertThat(http().get("/settled.txt").body()).isEqualTo("first");
		Files.writeString(file, "again");
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(30))));
		assertThat(http().get("/settled.txt").body()).isEqualTo("again");
	}

	@Test
	void aSmallFileReplacedWithTheSameSizeAndTimeIsServedNewAtOnce() throws Exception {
		FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
		Path file = site.file("www/replaced.txt", "older");
		Files.setLastModifiedTime(file, hourAgo);
		assertThat(http().get("/replaced.txt").body()).isEqualTo("older");
		Path next = site.file("www/replaced.txt.next", "newer");
		Files.setLastModifiedTime(next, hourAgo);
		Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		assertThat(http().get("/replaced.txt").body()).isEqualTo("newer");
	}

	@Test
	void filesAreCountedUnderTheDocumentRootsPattern() {
		double before = servedFiles();
		assertThat(http().get("/page.html").statusCode()).isEqualTo(200);
		assertThat(servedFiles()).isEqualTo(before + 1);
	}

	private double servedFiles() {
		HttpResponse<String> metric = http()
			.get("/actuator/metrics/http.server.requests?tag=uri:/**&tag=method:GET&tag=status:200");
		if (metric.statusCode() == 404) {
			return 0;
		}
		Matcher count = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.]+)").matcher(metric.body());
		assertThat(count.find()).as(metric.body()).isTrue();
		return Double.parseDouble(count.group(1));
	}

	@Test
	void missingFileIsNotFoundWithoutStackTrace() {
		HttpResponse<String> response = http().get("/nothing-here.txt");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
	}

	@Test
	void postToStaticFileIsNotImplemented() {
		HttpResponse<String> response = http()
			.send(http().request("/hello.txt").POST(HttpRequest.BodyPublishers.ofString("x=1")).build());
		assertThat(response.statusCode()).isEqualTo(501);
		assertThat(response.body()).contains("Can only POST to CGI scripts");
	}

	@Test
	void optionsListsTheAllowedMethods() {
		HttpResponse<String> response = http()
			.send(http().request("/hello.txt").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void otherMethodsAreNotAllowed() {
		HttpResponse<String> response = http()
			.send(http().request("/hello.txt").PUT(HttpRequest.BodyPublishers.ofString("x")).build());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
		assertThat(http().send(http().request("/hello.txt").DELETE().build()).statusCode()).isEqualTo(405);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt",
			"/%2e%2e%2fsecret.txt", "/..%5csecret.txt", "/..\\secret.txt", "/%252e%252e/secret.txt",
			"/%252e%252e%252fsecret.txt", "/docs/../../secret.txt", "/docs/%2e%2e/%2e%2e/secret.txt",
			"/hello.txt%00.html", "/%00/../secret.txt", "//../secret.txt", "/./../secret.txt",
			"/%c0%ae%c0%ae/secret.txt", "/escape.txt", "/up/secret.txt" })
	void nothingOutsideTheRootIsReachable(String target) {
		RawHttp.Response response = RawHttp.get(this.port, target);
		assertThat(response.status()).isIn(400, 404);
		assertThat(response.body()).doesNotContain("TOP-SECRET").doesNotContain("hello, world");
	}

	@Test
	void wellKnownUrisAreServedFromTheTopOfTheDocumentRoot() {
		HttpResponse<String> response = http().get("/.well-known/security.txt");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Contact: mailto:security@example.org\n");
		assertThat(RawHttp.get(this.port, "/%2ewell-known/security.txt").status()).isEqualTo(200);
	}

	@Test
	void symlinksInsideTheRootAreFollowed() {
		assertThat(http().get("/inside.txt").body()).isEqualTo("hello, world\n");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/", "/actuator/%68ealth", "/error", "/cgi-status",
			"/cgi-status/" })
	void theServersOwnEndpointsWinOverFilesOfTheSamePath(String target) {
		RawHttp.Response response = RawHttp.get(this.port, target);
		assertThat(response.body()).doesNotContain("FILE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "//actuator/health", "/actuator/./health", "/actuator//health", "/x/../actuator/health",
			"/x/%2e%2e/actuator/health", "/x/..;p/actuator/health", "/actuator/;p/health" })
	void aPathSentUncleanReachesTheEndpointOfItsCleanPath(String target) {
		RawHttp.Response response = RawHttp.get(this.port, target);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\"").doesNotContain("FILE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/../x", "/actuator/health/%2e%2e/x", "/actuator/health/..;x/x",
			"/actuator/;a/../health", "/actuator/;a/%2e%2e/health" })
	void dotSegmentsReachOnlyWhatTheirCleanPathNames(String target) {
		RawHttp.Response response = RawHttp.get(this.port, target);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("must not be null").doesNotContain("FILE").doesNotContain("UP");
	}

	@Test
	void filesBesideTheServersOwnEndpointsAreServed() {
		assertThat(http().get("/actuator/notes.txt").body()).isEqualTo("notes beside the endpoints");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/.env", "/.git/config", "/.git/", "/list/.env", "/%2eenv", "/.well-known/.secret",
			"/list/.well-known/security.txt" })
	void hiddenFilesAreNotServed(String target) {
		RawHttp.Response response = RawHttp.get(this.port, target);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("SECRET=1").doesNotContain("[core]");
	}

}
