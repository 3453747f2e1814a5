package org.cgiserver.files;

import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document root's requests go around the dispatcher with every kind of prefix
 * configured: the scripts' handler mappings, the WebSocket sessions' included, are told
 * apart by the scripts' own rule and keep no static request on the dispatcher.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "logging.level.org.cgiserver.files.DispatcherPaths=debug")
@ExtendWith(OutputCaptureExtension.class)
class StaticFastPathIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/page.txt", "a page");
		site.sh("www/ws/echo.sh", "exec cat\n");
		site.textScript("www/cgi-bin/ok.sh", "fine");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/cgi-bin")
			.prefix("/ws", "websocket=text")
			.prefix("/raw", "upgrade=true");
	}

	@LocalServerPort
	int port;

	@Test
	void staticFilesAreServedAroundTheDispatcher(CapturedOutput output) {
		Http http = new Http(this.port);
		assertThat(http.get("/page.txt").body()).isEqualTo("a page");
		assertThat(http.get("/cgi-bin/ok.sh").body()).isEqualTo("fine");
		assertThat(output.getOut()).contains("the document root's other requests are served without it")
			.doesNotContain("Every request goes through the dispatcher");
	}

}
