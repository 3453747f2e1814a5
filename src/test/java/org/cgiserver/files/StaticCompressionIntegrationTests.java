package org.cgiserver.files;

import java.util.List;
import java.util.Random;

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
 * With Boot's own {@code server.compression.enabled}, static text files are compressed
 * as script output is, under a weak ETag, small and large alike, while ranges and
 * types that are compressed already are sent as the file's bytes. Driven with curl
 * {@code --compressed}, which decodes what it is sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class StaticCompressionIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	private static final String STYLE = ".rule { color: red; margin: 0 auto; }\n".repeat(200);

	/** Over the size that is sent with sendfile, which the container never compresses. */
	private static final String LOG = "GET /index.html 200 1024 \"Mozilla/5.0\"\n".repeat(5000);

	static {
		site.file("www/style.css", STYLE);
		site.file("www/access.txt", LOG);
		byte[] picture = new byte[20_000];
		new Random(5).nextBytes(picture);
		site.file("www/picture.png", picture, "rw-r--r--");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("server.compression.enabled", "true");
	}

	@BeforeAll
	static void curlIsInstalled() {
		assumeTrue(Programs.find("curl") != null, "curl is not installed");
	}

	@LocalServerPort
	int port;

	@Test
	void textFilesAreCompressedUnderAWeakEtag() {
		for (String file : List.of("style.css", "access.txt")) {
			Fetched fetched = curl("/" + file, "--compressed");
			assertThat(fetched.status()).isEqualTo(200);
			assertThat(fetched.header("content-encoding")).as(file).isEqualTo("gzip");
			assertThat(fetched.header("etag")).as(file).startsWith("W/\"");
			assertThat(fetched.header("vary")).as(file).containsIgnoringCase("accept-encoding");
			assertThat(fetched.body()).isEqualTo(file.equals("style.css") ? STYLE : LOG);
		}
	}

	@Test
	void aClientThatAcceptsNoCodingGetsTheFileAsItIs() {
		Fetched fetched = curl("/access.txt");
		assertThat(fetched.header("content-encoding")).isNull();
		assertThat(fetched.header("content-length")).isEqualTo(Integer.toString(LOG.length()));
		assertThat(fetched.body()).isEqualTo(LOG);
	}

	@Test
	void theWeakEtagValidatesTheCompressedFile() {
		String etag = curl("/style.css", "--compressed").header("etag");
		Fetched again = curl("/style.css", "--compressed", "--header", "If-None-Match: " + etag);
		assertThat(again.status()).isEqualTo(304);
	}

	@Test
	void aRangeIsTheFilesBytesUnderItsStrongEtag() {
		Fetched range = curl("/style.css", "--compressed", "--range", "10-109");
		assertThat(range.status()).isEqualTo(206);
		assertThat(range.header("content-encoding")).isNull();
		assertThat(range.header("etag")).startsWith("\"");
		assertThat(range.body()).isEqualTo(STYLE.substring(10, 110));
	}

	@Test
	void compressedTypesAreSentAsTheyAre() {
		Fetched fetched = curl("/picture.png", "--compressed");
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.header("content-type")).isEqualTo("image/png");
		assertThat(fetched.header("content-encoding")).isNull();
		assertThat(fetched.header("content-length")).isEqualTo("20000");
	}

	private Fetched curl(String path, String... options) {
		return new Curl(this.port).fetch(path, options);
	}

}
