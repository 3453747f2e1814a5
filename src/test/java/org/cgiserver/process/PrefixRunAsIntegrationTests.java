package org.cgiserver.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
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
 * {@code cgi.prefixes[N].run-as}, like suEXEC per virtual host: two applications of one
 * root server run as two users, and a hostile script of one cannot read the environment
 * of a run of the other (its cookies), nor the files in its temporary folder, nor signal
 * or inspect it. Only a root server can
 * switch users, so this runs as root only; {@link ConfinementsTests} covers the refusals.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PrefixRunAsIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final String SH = "#!/bin/sh\n";

	static final String HEADERS = "printf 'Content-Type: text/plain\\n\\n'\n";

	static {
		Path marks = site.writableFolder("marks");
		site.script("www/shop/id.sh", SH + HEADERS + "id -un\n");
		site.script("www/wiki/id.sh", SH + HEADERS + "id -un\n");
		// A run of the wiki that holds its client's cookie while it waits.
		site.script("www/wiki/victim.sh", SH + "echo secret-draft > $TMPDIR/draft\necho $TMPDIR > " + marks
				+ "/victim-tmp\necho $$ > " + marks + "/victim.tmp; mv " + marks + "/victim.tmp " + marks + "/victim\n" + "while [ ! -e " + marks + "/release ]; do sleep 0.01; done\n" + HEADERS
				+ "echo done\n");
		// A hostile script of the shop that goes after it.
		site.script("www/shop/snoop.sh", SH + HEADERS + "pid=$(cat " + marks + "/victim)\n"
				+ "tr '\\0' '\\n' < /proc/$pid/environ 2>/dev/null | grep HTTP_COOKIE || echo environ refused\n"
				+ "head -c 64 /proc/$pid/maps >/dev/null 2>&1 && echo maps read || echo maps refused\n"
				+ "kill -0 $pid 2>/dev/null && echo signal allowed || echo signal refused\n"
				+ "cat $(cat " + marks + "/victim-tmp)/draft 2>/dev/null || echo tmp refused\n");
	}

	@BeforeAll
	static void onlyAsRoot() {
		assumeTrue(ServerUser.current().root(), "only a root server runs scripts as other users");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.prefixes[0].path", () -> "/shop");
		registry.add("cgi.prefixes[1].path", () -> "/wiki");
		registry.add("cgi.prefixes[1].run-as", () -> "daemon");
	}

	@LocalServerPort
	int port;

	@Test
	void eachPrefixRunsAsItsOwnUser() {
		Http http = new Http(this.port);
		assertThat(http.get("/shop/id.sh").body()).isEqualTo("nobody\n");
		assertThat(http.get("/wiki/id.sh").body()).isEqualTo("daemon\n");
	}

	@Test
	void aScriptCannotReadSignalOrInspectARunOfAnotherPrefix() throws IOException {
		try (Socket victim = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			victim.getOutputStream()
				.write("GET /wiki/victim.sh HTTP/1.1\r\nHost: localhost\r\nCookie: session=s3cr3t-of-the-wiki\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			Path marks = site.root().resolve("marks");
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(marks.resolve("victim")));
			String seen = new Http(this.port).get("/shop/snoop.sh").body();
			assertThat(seen).doesNotContain("s3cr3t").contains("environ refused", "maps refused", "signal refused");
			assertThat(seen).doesNotContain("secret-draft").contains("tmp refused");
			Files.writeString(marks.resolve("release"), "");
			victim.setSoTimeout(20_000);
			InputStream answer = victim.getInputStream();
			assertThat(new String(answer.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
		}
	}

}
