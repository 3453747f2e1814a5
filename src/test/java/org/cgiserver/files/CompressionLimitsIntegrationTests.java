package org.cgiserver.files;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
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
 * With Boot's compression on and an operator who listed {@code text/event-stream} among
 * its types, a script's event stream is still sent as it is, by content coding or by
 * transfer coding, while its other text is compressed; and a precompressed sibling is
 * sent once compressed, never twice.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CompressionLimitsIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	private static final String EVENTS = "data: tick\n\n".repeat(400);

	private static final String BIG = bigText();

	static {
		site.sh("www/cgi-bin/events.sh", "printf 'Content-Type: text/event-stream\\n\\n'\n"
				+ "i=0; while [ $i -lt 400 ]; do printf 'data: tick\\n\\n'; i=$((i+1)); done\n");
		site.sh("www/cgi-bin/text.sh", "printf 'Content-Type: text/plain\\n\\n'\n"
				+ "i=0; while [ $i -lt 400 ]; do printf 'data: tick\\n\\n'; i=$((i+1)); done\n");
		site.file("www/app.css", PrecompressedFilesIntegrationTests.STYLE);
		site.file("www/app.css.gz", PrecompressedFilesIntegrationTests.STYLE_GZ, "rw-r--r--");
		site.file("www/only-br.css", PrecompressedFilesIntegrationTests.STYLE);
		site.file("www/only-br.css.br", "not really brotli".getBytes(StandardCharsets.UTF_8), "rw-r--r--");
		site.file("www/big.txt", BIG);
		site.file("www/big.txt.gz", PrecompressedFilesIntegrationTests.gzip(BIG), "rw-r--r--");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("server.compression.enabled", "true")
			.set("server.compression.mime-types", "text/plain,text/css,text/event-stream");
	}

	@BeforeAll
	static void curlIsInstalled() {
		assumeTrue(Programs.find("curl") != null, "curl is not installed");
	}

	@LocalServerPort
	int port;

	@Test
	void aScriptsEventStreamIsNeverCompressed() {
		Fetched transferCoded = curl("/cgi-bin/events.sh", "--tr-encoding");
		assertThat(transferCoded.header("transfer-encoding")).doesNotContain("gzip");
		assertThat(transferCoded.body()).isEqualTo(EVENTS);
		Fetched events = curl("/cgi-bin/events.sh", "--compressed");
		assertThat(events.status()).isEqualTo(200);
		assertThat(events.header("content-type")).startsWith("text/event-stream");
		assertThat(events.header("content-encoding")).isNull();
		assertThat(events.body()).isEqualTo(EVENTS);
	}

	@Test
	void aScriptsTextOfAListedTypeIsCompressed() {
		Fetched text = curl("/cgi-bin/text.sh", "--compressed");
		assertThat(text.header("content-encoding")).isEqualTo("gzip");
		assertThat(text.body()).isEqualTo(EVENTS);
	}

	@Test
	void aPrecompressedSiblingIsNotCompressedAgain() {
		Fetched small = curl("/app.css", "--header", "Accept-Encoding: gzip");
		assertThat(small.header("content-encoding")).isEqualTo("gzip");
		assertThat(small.header("etag")).startsWith("\"");
		assertThat(small.bytes()).isEqualTo(PrecompressedFilesIntegrationTests.STYLE_GZ);
		Fetched big = curl("/big.txt", "--header", "Accept-Encoding: gzip", "--header", "TE: gzip");
		assertThat(big.header("content-encoding")).isEqualTo("gzip");
		assertThat(big.header("transfer-encoding")).isNull();
		assertThat(big.bytes()).isEqualTo(PrecompressedFilesIntegrationTests.gzip(BIG));
	}

	@Test
	void aFileWhoseSiblingTheClientRefusesIsCompressedAsOthersAre() {
		Fetched fetched = curl("/only-br.css", "--compressed", "--header", "Accept-Encoding: gzip");
		assertThat(fetched.header("content-encoding")).isEqualTo("gzip");
		assertThat(fetched.header("etag")).startsWith("W/");
		assertThat(fetched.head().stream().filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("vary:")))
			.singleElement()
			.satisfies((vary) -> assertThat(vary.toLowerCase(Locale.ROOT).split("accept-encoding", -1)).hasSize(2));
		assertThat(fetched.body()).isEqualTo(PrecompressedFilesIntegrationTests.STYLE);
	}

	private Fetched curl(String path, String... options) {
		return new Curl(this.port).fetch(path, options);
	}

	private static String bigText() {
		byte[] noise = new byte[300_000];
		new Random(11).nextBytes(noise);
		return new String(Base64.getMimeEncoder().encode(noise), StandardCharsets.US_ASCII);
	}

}
