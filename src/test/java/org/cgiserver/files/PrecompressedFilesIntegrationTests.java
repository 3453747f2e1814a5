package org.cgiserver.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

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
 * Precompressed siblings ({@code name.gz}, {@code name.br}) are sent for their files to
 * clients that accept their coding, with Boot's compression off (the default), so every
 * coded answer here comes from a sibling; clients that accept none get the file. Driven
 * with curl, which decodes with {@code --compressed} and otherwise keeps the bytes sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PrecompressedFilesIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final String STYLE = ".rule { color: red; margin: 0 auto; }\n".repeat(200);

	static final byte[] STYLE_GZ = gzip(STYLE);

	/** Not real brotli: what curl is sent is compared, never decoded. */
	private static final byte[] SCRIPT_BR = "not really brotli".getBytes(StandardCharsets.UTF_8);

	/** Its sibling is over the size that goes out with sendfile. */
	private static final String BIG = bigText();

	private static final String PAGE = "<!doctype html><title>Docs</title><p>Read me.</p>\n".repeat(50);

	static {
		site.file("www/app.css", STYLE);
		site.file("www/app.css.gz", STYLE_GZ, "rw-r--r--");
		site.file("www/both.js", "console.log('both');\n");
		site.file("www/both.js.gz", gzip("console.log('both');\n"), "rw-r--r--");
		site.file("www/both.js.br", SCRIPT_BR, "rw-r--r--");
		site.file("www/big.txt", BIG);
		site.file("www/big.txt.gz", gzip(BIG), "rw-r--r--");
		site.file("www/docs/index.html", PAGE);
		site.file("www/docs/index.html.gz", gzip(PAGE), "rw-r--r--");
		site.file("www/linked.css", STYLE);
		site.file("outside/secret.gz", gzip("secret outside the root\n"), "rw-r--r--");
		site.symlink("www/linked.css.gz", site.path("outside/secret.gz"));
		site.file("www/folder.css", STYLE);
		site.folder("www/folder.css.gz");
		site.file("www/plain.txt", STYLE);
		site.file("www/private/secret.txt.gz", gzip("the private secret\n"), "rw-r--r--");
		site.file("www/public/notes.txt", STYLE);
		site.symlink("www/public/notes.txt.gz", java.nio.file.Path.of("../private/secret.txt.gz"));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("cgi.precompressed", "true");
	}

	@BeforeAll
	static void curlIsInstalled() {
		assumeTrue(Programs.find("curl") != null, "curl is not installed");
	}

	@LocalServerPort
	int port;

	@Test
	void theGzipSiblingIsSentToAClientThatAcceptsGzip() {
		Fetched decoded = curl("/app.css", "--compressed");
		assertThat(decoded.status()).isEqualTo(200);
		assertThat(decoded.header("content-encoding")).isEqualTo("gzip");
		assertThat(decoded.header("content-type")).startsWith("text/css");
		assertThat(decoded.header("vary")).containsIgnoringCase("accept-encoding");
		assertThat(decoded.header("content-length")).isEqualTo(Integer.toString(STYLE_GZ.length));
		assertThat(decoded.body()).isEqualTo(STYLE);
		Fetched sent = curl("/app.css", "--header", "Accept-Encoding: gzip");
		assertThat(sent.bytes()).isEqualTo(STYLE_GZ);
	}

	@Test
	void aClientThatAcceptsNoCodingGetsTheFileUnderAnotherEtag() {
		Fetched identity = curl("/app.css");
		assertThat(identity.header("content-encoding")).isNull();
		assertThat(identity.header("vary")).containsIgnoringCase("accept-encoding");
		assertThat(identity.body()).isEqualTo(STYLE);
		Fetched refused = curl("/app.css", "--header", "Accept-Encoding: gzip;q=0, deflate");
		assertThat(refused.header("content-encoding")).isNull();
		assertThat(refused.body()).isEqualTo(STYLE);
		String gzipEtag = curl("/app.css", "--compressed").header("etag");
		assertThat(identity.header("etag")).startsWith("\"");
		assertThat(gzipEtag).startsWith("\"").isNotEqualTo(identity.header("etag"));
	}

	@Test
	void aHeadRequestDescribesTheSibling() {
		Fetched head = curl("/app.css", "--head", "--header", "Accept-Encoding: gzip");
		assertThat(head.status()).isEqualTo(200);
		assertThat(head.header("content-encoding")).isEqualTo("gzip");
		assertThat(head.header("content-length")).isEqualTo(Integer.toString(STYLE_GZ.length));
	}

	@Test
	void brotliIsPreferredUnlessTheClientWeighsGzipHigher() {
		Fetched brotli = curl("/both.js", "--header", "Accept-Encoding: gzip, deflate, br");
		assertThat(brotli.header("content-encoding")).isEqualTo("br");
		assertThat(brotli.header("content-type")).startsWith("text/javascript");
		assertThat(brotli.bytes()).isEqualTo(SCRIPT_BR);
		Fetched gzip = curl("/both.js", "--header", "Accept-Encoding: br;q=0.5, gzip");
		assertThat(gzip.header("content-encoding")).isEqualTo("gzip");
		assertThat(gzip.bytes()).isEqualTo(gzip("console.log('both');\n"));
	}

	@Test
	void theEtagOfTheSiblingValidatesIt() {
		String etag = curl("/app.css", "--compressed").header("etag");
		Fetched again = curl("/app.css", "--compressed", "--header", "If-None-Match: " + etag);
		assertThat(again.status()).isEqualTo(304);
		assertThat(again.header("vary")).containsIgnoringCase("accept-encoding");
		Fetched identity = curl("/app.css", "--header", "If-None-Match: " + etag);
		assertThat(identity.status()).isEqualTo(200);
		assertThat(identity.body()).isEqualTo(STYLE);
	}

	@Test
	void aRangeIsARangeOfTheSiblingsBytesAsNginxSendsIt() {
		Fetched range = curl("/app.css", "--header", "Accept-Encoding: gzip", "--range", "0-9");
		assertThat(range.status()).isEqualTo(206);
		assertThat(range.header("content-encoding")).isEqualTo("gzip");
		assertThat(range.header("content-range")).isEqualTo("bytes 0-9/" + STYLE_GZ.length);
		assertThat(range.bytes()).isEqualTo(Arrays.copyOf(STYLE_GZ, 10));
		Fetched identity = curl("/app.css", "--range", "0-9");
		assertThat(identity.header("content-encoding")).isNull();
		assertThat(identity.body()).isEqualTo(STYLE.substring(0, 10));
	}

	@Test
	void aLargeSiblingIsSentWholeWithItsCoding() {
		Fetched decoded = curl("/big.txt", "--compressed");
		assertThat(decoded.header("content-encoding")).isEqualTo("gzip");
		assertThat(decoded.header("content-type")).startsWith("text/plain");
		assertThat(decoded.body()).isEqualTo(BIG);
		assertThat(curl("/big.txt", "--header", "Accept-Encoding: gzip").bytes()).isEqualTo(gzip(BIG));
	}

	@Test
	void anIndexFileHasItsSiblingToo() {
		Fetched page = curl("/docs/", "--compressed");
		assertThat(page.header("content-encoding")).isEqualTo("gzip");
		assertThat(page.header("content-type")).startsWith("text/html");
		assertThat(page.body()).isEqualTo(PAGE);
	}

	/**
	 * A sibling is the file's other coding, never another file: one that links elsewhere in
	 * the root (a protected folder, say) was judged by no rule of its own URL.
	 */
	@Test
	void aSiblingThatLinksToAnotherFileInTheRootIsIgnored() {
		Fetched fetched = curl("/public/notes.txt", "--compressed");
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.header("content-encoding")).isNull();
		assertThat(fetched.body()).isEqualTo(STYLE).doesNotContain("secret");
	}

	@Test
	void aSiblingThatLinksOutOfTheRootOrIsAFolderIsIgnored() {
		for (String path : new String[] { "/linked.css", "/folder.css" }) {
			Fetched fetched = curl(path, "--compressed");
			assertThat(fetched.status()).as(path).isEqualTo(200);
			assertThat(fetched.header("content-encoding")).as(path).isNull();
			assertThat(fetched.body()).as(path).isEqualTo(STYLE);
		}
	}

	@Test
	void aFileWithoutSiblingsIsSentAsItIsWithoutVary() {
		Fetched fetched = curl("/plain.txt", "--compressed");
		assertThat(fetched.header("content-encoding")).isNull();
		assertThat(fetched.header("vary")).isNull();
		assertThat(fetched.body()).isEqualTo(STYLE);
	}

	@Test
	void aCompressedFileAskedForByNameIsSentAsItIs() {
		Fetched fetched = curl("/app.css.gz", "--header", "Accept-Encoding: gzip");
		assertThat(fetched.header("content-encoding")).isNull();
		assertThat(fetched.header("content-type")).endsWith("gzip");
		assertThat(fetched.bytes()).isEqualTo(STYLE_GZ);
	}

	private Fetched curl(String path, String... options) {
		return new Curl(this.port).fetch(path, options);
	}

	static byte[] gzip(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			gzip.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** Text that compresses little: its sibling stays large. */
	private static String bigText() {
		byte[] noise = new byte[300_000];
		new Random(7).nextBytes(noise);
		return Base64.getMimeEncoder().encodeToString(noise);
	}

}
