package org.cgiserver.files;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cgiserver.support.Http;
import org.cgiserver.support.RawHttp;
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
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages the server writes itself cannot carry script: a folder listing links every
 * name, whatever its characters, as a relative path to that file, and listings and the
 * built-in error pages forbid scripts, loads, forms and framing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ListingAndErrorPageScriptsIntegrationTests {

	private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	/** Names and what each file holds. */
	static final Map<String, String> NAMES = new LinkedHashMap<>();

	static {
		for (String name : new String[] { "javascript:alert(1)", "JavaScript:alert(document.domain)", "a:b.txt",
				"data:text", "#top", "?q=1", "100%", "%2e%2e", "%41", "say \"hi\"", "it's", "<script>alert(1)<",
				"<img src=x onerror=alert(1)>", "two words", " lead", "a;b", "x..;y", "a&b=c", "+plus", "@host",
				"tab\there", "x...", "~user" }) {
			NAMES.put(name, "file " + NAMES.size());
		}
		// Names the JVM can only write with a UTF-8 file system encoding.
		if (Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).equals(StandardCharsets.UTF_8)) {
			NAMES.put("été ☃.txt", "unicode");
			NAMES.put("日本語", "cjk");
			NAMES.put("\u202egnp.exe", "right to left");
		}
	}

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		NAMES.forEach((name, content) -> site.file("www/list/" + name, content));
		site.file("www/list/javascript:void(0)/inside.txt", "inside");
		site.file("www/closed/page.html", "closed");
		site.file("www/locked/page.html", "locked");
		site.file("htpasswd", Users.file(Users.ALICE));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.rules[0].path", "/closed/**")
			.set("cgi.auth.rules[0].allow-from", "192.0.2.0/24")
			.set("cgi.auth.rules[1].path", "/locked/**")
			.set("cgi.auth.rules[1].users", "alice");
	}

	@LocalServerPort
	int port;

	@Test
	void everyLinkIsARelativePathToItsFileAndEveryNameIsEscaped() {
		String listing = browser("/list/").body();
		assertThat(listing).contains("&lt;script&gt;alert(1)&lt;", "&lt;img src=x onerror=alert(1)&gt;",
				"say &quot;hi&quot;", "javascript:alert(1)</a>")
			.doesNotContain("<script", "<img");
		Map<String, String> links = links(listing);
		assertThat(links).hasSize(NAMES.size() + 1);
		links.forEach((name, link) -> {
			assertThat(link).as("a path relative to the folder").startsWith("./").doesNotContain(":", "#", "?", "\"",
					"<", " ", "&", ";", "'");
			assertThat(link.substring(2, link.length() - 1)).as(link).doesNotContain("/");
		});
		URI folder = URI.create("http://localhost:" + this.port + "/list/");
		NAMES.forEach((name, content) -> {
			assertThat(links).as(name).containsKey(name);
			RawHttp.Response file = RawHttp.get(this.port, folder.resolve(links.get(name)).getRawPath());
			assertThat(file.status()).as(name).isEqualTo(200);
			assertThat(file.body()).as(name).isEqualTo(content);
		});
		assertThat(links).containsEntry("javascript:void(0)/", "./javascript%3Avoid%280%29/");
		assertThat(RawHttp.get(this.port, folder.resolve("./javascript%3Avoid%280%29/inside.txt").getRawPath()).body())
			.isEqualTo("inside");
	}

	@Test
	void aListingForbidsScripts() {
		HttpResponse<String> response = browser("/list/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertStrictPolicy(response);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/missing/<script>alert(1)</script>", "/closed/page.html", "/locked/page.html" })
	void theBuiltInErrorPagesForbidScripts(String path) {
		HttpResponse<String> response = browser(path.replace("<", "%3C").replace(">", "%3E"));
		assertThat(response.statusCode()).isIn(401, 403, 404);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertStrictPolicy(response);
	}

	private static void assertStrictPolicy(HttpResponse<String> response) {
		assertThat(response.headers().allValues("Content-Security-Policy")).singleElement()
			.satisfies((policy) -> assertThat(policy).contains("default-src 'none'", "base-uri 'none'",
					"form-action 'none'", "frame-ancestors 'none'")
				.doesNotContain("script-src", "unsafe", "*"));
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	/** The links of a listing by the name each shows. */
	private static Map<String, String> links(String html) {
		Map<String, String> links = new LinkedHashMap<>();
		Matcher matcher = Pattern.compile("<a href=\"([^\"]*)\">([^<]*)</a>").matcher(html);
		while (matcher.find()) {
			links.put(HtmlUtils.htmlUnescape(matcher.group(2)), HtmlUtils.htmlUnescape(matcher.group(1)));
		}
		return links;
	}

	private HttpResponse<String> browser(String path) {
		Http http = new Http(this.port);
		return http.send(http.request(path).header("Accept", BROWSER).build());
	}

}
