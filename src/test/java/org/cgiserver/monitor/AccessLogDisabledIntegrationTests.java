package org.cgiserver.monitor;

import org.cgiserver.support.AccessLog;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cgi.access-log=false} turns the access log off.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class AccessLogDisabledIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/cgi-bin/ok.sh", "echo 'a line for the log' >&2\nprintf 'Content-Type: text/plain\\n\\nok'\n");
		site.file("www/hello.txt", "hello");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("cgi.access-log", "false");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void requestsWriteNoAccessLogLine(CapturedOutput output) {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			assertThat(connection.get("/cgi-bin/ok.sh").body()).isEqualTo("ok");
			assertThat(connection.get("/hello.txt").body()).isEqualTo("hello");
			assertThat(connection.get("/missing.txt").status()).isEqualTo(404);
			// Answered on the same connection, so after the lines of the requests before it
			// would have been written (a script's once it has exited: waited for below).
			assertThat(connection.get("/readyz").status()).isEqualTo(200);
		}
		new Actuator(this.managementPort).awaitRuns("/cgi-bin/ok.sh", 1);
		// The output of the server is captured: the script's standard error is in it.
		assertThat(output).contains("/cgi-bin/ok.sh: a line for the log");
		assertThat(AccessLog.lines(output)).isEmpty();
	}

}
