package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cgiserver.support.Http;
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
 * {@code cgi.limits.open-files} set empty: scripts keep the server's own open-files limit
 * (here the test JVM's, which is the server's), instead of the default 1024.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ServerOpenFilesLimitIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.script("www/cgi-bin/files.sh",
				"#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\n'\necho \"$(ulimit -S -n) $(ulimit -H -n)\"\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.limits.open-files", () -> "");
	}

	@LocalServerPort
	int port;

	@Test
	void scriptsGetTheServersOwnLimit() throws IOException {
		String[] server = ownOpenFilesLimit();
		assertThat(server[0]).isNotEqualTo("1024");
		assertThat(new Http(this.port).get("/cgi-bin/files.sh").body()).isEqualTo(server[0] + " " + server[1] + "\n");
	}

	/** The soft and hard limit of this JVM, as {@code ulimit} writes them. */
	private static String[] ownOpenFilesLimit() throws IOException {
		String line = Files.readAllLines(Path.of("/proc/self/limits"))
			.stream()
			.filter((limit) -> limit.startsWith("Max open files"))
			.findFirst()
			.orElseThrow();
		String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
		return new String[] { fields[0], fields[1] };
	}

}
