package org.cgiserver.cgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cgiserver.support.Lighttpd;
import org.cgiserver.support.Programs;
import org.cgiserver.support.PythonWebsockets;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same WebSocket script, written for lighttpd's {@code cgi.upgrade}, under Debian's
 * lighttpd and under this server, talked to by Python's {@code websockets}: it runs
 * unchanged and the client sees the same conversation.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LighttpdUpgradeSideBySideIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.script("www/ws/echo.py", read(Path.of("www/ws/echo.py")));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).prefix("/ws", "upgrade=true");
	}

	@LocalServerPort
	int port;

	@Test
	void aScriptWrittenForLighttpdRunsUnchanged() {
		Assumptions.assumeTrue(Lighttpd.installed(), "Debian's lighttpd is not installed (apt-get install lighttpd)");
		PythonWebsockets.assumeInstalled();
		try (Lighttpd lighttpd = Lighttpd.start(site, site.www(), "/ws/")) {
			Programs.Result underLighttpd = PythonWebsockets
				.talk("ws://127.0.0.1:" + lighttpd.port() + "/ws/echo.py", null);
			assertThat(underLighttpd.status()).as("%s\n%s", underLighttpd, lighttpd.log()).isZero();
			Programs.Result here = PythonWebsockets.talk("ws://127.0.0.1:" + this.port + "/ws/echo.py", null);
			assertThat(here.status()).as(here.toString()).isZero();
			assertThat(here.output()).isEqualTo(underLighttpd.output())
				.contains("text hello\n", "binary 0001feff\n", "large 70000\n", "pong\n")
				// The server closes its end as soon as the script has answered the close.
				.contains("closed 1000 promptly\n");
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
