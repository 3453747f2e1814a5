package org.cgiserver.cgi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ScriptOutputParserTests {

	private final ScriptOutputParser parser = new ScriptOutputParser(1024);

	private ScriptResponse parse(String output) throws Exception {
		return this.parser.parse(stream(output));
	}

	private static InputStream stream(String output) {
		return new ByteArrayInputStream(output.getBytes(StandardCharsets.ISO_8859_1));
	}

	@Test
	void documentWithLfLineEnds() throws Exception {
		ScriptResponse response = parse("Content-Type: text/plain\nX-One: 1\n\nbody");
		assertThat(response.status()).isZero();
		assertThat(response.contentType()).isEqualTo("text/plain");
		assertThat(response.headers()).containsExactly(new ScriptResponse.Header("X-One", "1"));
		assertThat(new String(response.bodyStart(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
	}

	@Test
	void documentWithCrLfLineEnds() throws Exception {
		ScriptResponse response = parse("Content-Type: text/html\r\nStatus: 404 Not Here\r\n\r\n<p>");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).isEqualTo("text/html");
		assertThat(new String(response.bodyStart(), StandardCharsets.ISO_8859_1)).isEqualTo("<p>");
	}

	@Test
	void bodyStartKeepsBinaryBytes() throws Exception {
		byte[] output = { 'C', 'o', 'n', 't', 'e', 'n', 't', '-', 'T', 'y', 'p', 'e', ':', 'x', '\n', '\n', 0, (byte) 0xff,
				'\r', '\n' };
		ScriptResponse response = this.parser.parse(new ByteArrayInputStream(output));
		assertThat(response.bodyStart()).containsExactly(0, (byte) 0xff, '\r', '\n');
	}

	@Test
	void localRedirectIsLocationAlone() throws Exception {
		assertThat(parse("Location: /other?q=1\n\n").isLocalRedirect()).isTrue();
		assertThat(parse("Location: http://example.com/\n\n").isLocalRedirect()).isFalse();
		assertThat(parse("Location: //example.com/\n\n").isLocalRedirect()).isFalse();
		assertThat(parse("Location: /other\nSet-Cookie: a=1\n\n").isLocalRedirect()).isFalse();
		assertThat(parse("Status: 301 Moved\nLocation: /other\n\n").isLocalRedirect()).isFalse();
	}

	@Test
	void repeatedHeadersStayRepeatedAndHopByHopAreDropped() throws Exception {
		ScriptResponse response = parse(
				"Content-Type: text/plain\nSet-Cookie: a=1\nSet-Cookie: b=2\nConnection: close\nTransfer-Encoding: chunked\nKeep-Alive: 5\n\n");
		assertThat(response.headers()).containsExactly(new ScriptResponse.Header("Set-Cookie", "a=1"),
				new ScriptResponse.Header("Set-Cookie", "b=2"));
	}

	@Test
	void contentLengthIsRead() throws Exception {
		assertThat(parse("Content-Type: a/b\nContent-Length: 12\n\n").contentLength()).isEqualTo(12);
		assertThat(parse("Content-Type: a/b\n\n").contentLength()).isEqualTo(-1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "No colon here\n\n", ": no name\n\n", "Bad Name: x\n\n", "X-A: one\rX-Injected: two\n\n",
			"X-A: nul\0byte\n\n", "Status: abc\n\n", "Status: 99 Low\n\n", "Status: 2000\n\n", "Content-Length: -1\n\n",
			"Content-Type: text/plain\n", "", "Location:\n\n" })
	void malformedOutputIsRefused(String output) {
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse(output));
	}

	@Test
	void headerBlockOverTheLimitIsRefused() {
		String big = "X-Big: " + "x".repeat(2000) + "\n\n";
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse(big))
			.withMessageContaining("cgi.max-header-size");
	}

	@Test
	void nphStatusLineAndHeaders() throws Exception {
		ScriptResponse response = this.parser
			.parseNph(stream("HTTP/1.1 203 Whatever\r\nContent-Type: text/plain\r\nX-Nph: yes\r\n\r\nraw"));
		assertThat(response.status()).isEqualTo(203);
		assertThat(response.headers()).containsExactly(new ScriptResponse.Header("X-Nph", "yes"));
		assertThat(new String(response.bodyStart(), StandardCharsets.ISO_8859_1)).isEqualTo("raw");
	}

	@Test
	void nphWithoutStatusLineIsRefused() {
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> this.parser.parseNph(stream("Content-Type: text/plain\n\n")));
	}

	@Test
	void headersArrivingInPiecesAreJoined() throws Exception {
		InputStream trickle = new InputStream() {
			private final byte[] bytes = "Content-Type: text/plain\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1);

			private int next;

			@Override
			public int read() {
				return (this.next < this.bytes.length) ? this.bytes[this.next++] : -1;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int b = read();
				if (b < 0) {
					return -1;
				}
				buffer[offset] = (byte) b;
				return 1;
			}
		};
		ScriptResponse response = this.parser.parse(trickle);
		assertThat(response.contentType()).isEqualTo("text/plain");
		assertThat(response.bodyStart()).isEmpty();
	}

}
