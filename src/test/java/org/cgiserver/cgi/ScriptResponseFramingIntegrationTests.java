package org.cgiserver.cgi;

import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a script writes, each request on a kept-alive connection gets exactly one
 * answer: an interim status or a header block the server cannot send is a malformed
 * response (502), and the next pipelined request is answered as its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ScriptResponseFramingIntegrationTests {

	/** Header lines of 115 bytes each ({@code X-Pad-00000: } and 100 characters), as many as the query says. */
	static final String PADDED_HEADERS = """
			pad=$(printf '%0100d' 0)
			printf 'Content-Type: text/plain\\r\\n'
			i=0
			while [ "$i" -lt "${QUERY_STRING:-0}" ]; do printf 'X-Pad-%05d: %s\\r\\n' "$i" "$pad"; i=$((i+1)); done
			printf '\\r\\nafter the headers'
			""";

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.sh("www/cgi-bin/hello.sh", "printf 'Content-Type: text/plain\\r\\n\\r\\nhello'\n");
		site.sh("www/cgi-bin/status.sh",
				"printf 'Status: %s\\r\\nContent-Type: text/plain\\r\\n\\r\\nafter the status' \"$QUERY_STRING\"\n");
		site.sh("www/cgi-bin/nph-status.sh", "printf 'HTTP/1.1 %s Interim\\r\\n\\r\\n"
				+ "HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nsmuggled' \"$QUERY_STRING\"\n");
		site.sh("www/cgi-bin/padded.sh", PADDED_HEADERS);
		site.sh("www/cgi-bin/nph-padded.sh", "printf 'HTTP/1.1 200 OK\\r\\n'\n" + PADDED_HEADERS);
		// Lines of three bytes that the server sends as five ("a: " and CRLF).
		site.sh("www/cgi-bin/short-lines.sh", """
				printf 'Content-Type: text/plain\\n'
				i=0
				while [ "$i" -lt "$QUERY_STRING" ]; do printf 'a:\\n'; i=$((i+1)); done
				printf '\\nshort'
				""");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry);
	}

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "status.sh?100", "status.sh?101", "status.sh?102", "status.sh?103", "status.sh?199",
			"nph-status.sh?100", "nph-status.sh?101" })
	void anInterimStatusIsAMalformedResponse(String script, CapturedOutput output) {
		assertAnsweredAlone(script, output);
	}

	/**
	 * The default limit, 8 KB, and well over it up to the former 64 KB; the server's own
	 * headers come on top of a script's.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "padded.sh?72", "padded.sh?100", "padded.sh?300", "padded.sh?560", "nph-padded.sh?100",
			"short-lines.sh?2000", "short-lines.sh?2700" })
	void aHeaderBlockOverTheLimitIsAMalformedResponse(String script, CapturedOutput output) {
		assertAnsweredAlone(script, output);
	}

	@Test
	void aHeaderBlockUpToTheLimitIsSentAndOneOverItIsNot() {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			// 70 lines: 8,078 bytes with the Content-Type; 72 lines: 8,308.
			RawHttp.Response response = connection.get("/cgi-bin/padded.sh?70");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("X-Pad-00069")).hasSize(100);
			assertThat(response.body()).isEqualTo("after the headers");
			assertThat(connection.get("/cgi-bin/padded.sh?72").status()).isEqualTo(502);
			assertThat(connection.get("/cgi-bin/hello.sh").body()).isEqualTo("hello");
		}
	}

	/**
	 * Sends the script's request and another one on the same connection at once: the
	 * first answer is the script's 502, the second is the other script's own.
	 */
	private void assertAnsweredAlone(String script, CapturedOutput output) {
		int logged = count(output.toString(), "CGI script /cgi-bin/" + script.substring(0, script.indexOf('?'))
				+ " wrote a malformed response");
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			connection.write("GET /cgi-bin/" + script + " HTTP/1.1\r\nHost: localhost\r\n\r\n"
					+ "GET /cgi-bin/hello.sh HTTP/1.1\r\nHost: localhost\r\n\r\n");
			RawHttp.Response first = connection.read();
			assertThat(first.status()).as(first.statusLine()).isEqualTo(502);
			assertThat(first.body()).doesNotContain("smuggled", "after the status", "after the headers");
			RawHttp.Response second = connection.read();
			assertThat(second.status()).isEqualTo(200);
			assertThat(second.body()).isEqualTo("hello");
		}
		assertThat(count(output.toString(), "CGI script /cgi-bin/" + script.substring(0, script.indexOf('?'))
				+ " wrote a malformed response")).as("one log line").isEqualTo(logged + 1);
		assertThat(output.toString()).doesNotContain(" ERROR ", "Exception", "\tat org.");
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

}
