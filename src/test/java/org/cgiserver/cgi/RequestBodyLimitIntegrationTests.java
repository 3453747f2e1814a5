package org.cgiserver.cgi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.cgiserver.support.RawHttp;
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
 * {@code cgi.max-request-body} to the byte, for bodies of a declared length and for
 * chunked ones: a body of exactly the limit reaches the script, one byte more is answered
 * 413 and the connection closed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RequestBodyLimitIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final int LIMIT = 1024;

	static {
		site.sh("www/cgi-bin/echo.sh", "printf 'Content-Type: application/octet-stream\\n\\n'\nexec cat\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("cgi.max-request-body", LIMIT + "B");
	}

	@LocalServerPort
	int port;

	@Test
	void bodyOfExactlyTheLimitReachesTheScript() {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			RawHttp.Response response = connection.exchange(post(LIMIT));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.rawBody()).isEqualTo(body(LIMIT));
		}
	}

	@Test
	void bodyOneByteOverTheLimitIsRefusedAndTheConnectionClosed() {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			RawHttp.Response response = connection.exchange(post(LIMIT + 1));
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.header("Connection")).isEqualTo("close");
			assertThat(connection.closedByServer(Duration.ofSeconds(10))).as("connection closed").isTrue();
		}
	}

	@Test
	void chunkedBodyOfExactlyTheLimitReachesTheScript() {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			RawHttp.Response response = connection.exchange(chunkedPost(LIMIT));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.rawBody()).isEqualTo(body(LIMIT));
		}
	}

	@Test
	void chunkedBodyOneByteOverTheLimitIsRefusedAndTheConnectionClosed() {
		try (RawHttp.Connection connection = RawHttp.open(this.port)) {
			RawHttp.Response response = connection.exchange(chunkedPost(LIMIT + 1));
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.header("Connection")).isEqualTo("close");
			assertThat(connection.closedByServer(Duration.ofSeconds(10))).as("connection closed").isTrue();
		}
	}

	private static byte[] post(int length) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(("POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		request.writeBytes(body(length));
		return request.toByteArray();
	}

	/** A chunked body in chunks of 100 bytes, so that it is read in several parts. */
	private static byte[] chunkedPost(int length) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes("POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
			.getBytes(StandardCharsets.US_ASCII));
		byte[] body = body(length);
		for (int start = 0; start < length; start += 100) {
			int size = Math.min(100, length - start);
			request.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			request.write(body, start, size);
			request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return request.toByteArray();
	}

	private static byte[] body(int length) {
		byte[] body = new byte[length];
		Arrays.fill(body, (byte) 'b');
		return body;
	}

}
