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
	void blankLineAtOnceMeansNoHeaders() throws Exception {
		for (String output : new String[] { "\nbody", "\r\nbody" }) {
			ScriptResponse response = parse(output);
			assertThat(response.headers()).isEmpty();
			assertThat(response.status()).isZero();
			assertThat(response.contentType()).isNull();
			assertThat(new String(response.bodyStart(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
		}
	}

	@Test
	void blankLineWithCrLfAfterLfLines() throws Exception {
		ScriptResponse response = parse("Content-Type: text/plain\n\r\nbody");
		assertThat(response.contentType()).isEqualTo("text/plain");
		assertThat(new String(response.bodyStart(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
	}

	@Test
	void tinyHeaderLimitStillReadsABlankLine() throws Exception {
		ScriptResponse response = new ScriptOutputParser(1).parse(stream("\nbody"));
		assertThat(new String(response.bodyStart(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
	}

	@Test
	void headerBlockLargerThanTheFirstBufferIsRead() throws Exception {
		String header = "X-Big: " + "x".repeat(20_000 - 9) + "\n\n";
		assertThat(header).hasSize(20_000);
		ScriptResponse response = new ScriptOutputParser(20_000).parse(stream(header + "body"));
		assertThat(response.headers()).singleElement()
			.satisfies((big) -> assertThat(big.value()).hasSize(20_000 - 9));
		assertThat(new String(response.bodyStart(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
	}

	@Test
	void headerBlockOfExactlyTheLimitIsReadEvenByteByByte() throws Exception {
		String header = "X-Big: " + "x".repeat(1024 - 9) + "\n\n";
		assertThat(header).hasSize(1024);
		ScriptResponse response = this.parser.parse(trickle(header + "body"));
		assertThat(response.headers()).hasSize(1);
	}

	@Test
	void headerBlockOneByteOverTheLimitIsRefusedWhenItArrivesByteByByte() {
		String header = "X-Big: " + "x".repeat(1024 - 8) + "\n\n";
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> this.parser.parse(trickle(header)))
			.withMessage("the header block is larger than cgi.max-header-size (1024 bytes)");
	}

	@Test
	void outputThatEndsEarlyIsExplained() {
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse(""))
			.withMessage("the script wrote no output");
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> parse("Content-Type: text/plain\n"))
			.withMessage("the output ended before the blank line that ends the headers");
	}

	@Test
	void statusBoundaries() throws Exception {
		assertThat(parse("Status: 599 Last\n\n").status()).isEqualTo(599);
		assertThat(parse("Status: 200\n\n").status()).isEqualTo(200);
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse("Status: 600 X\n\n"))
			.withMessage("the status code is out of range: 600");
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse("Status: 099 X\n\n"))
			.withMessage("the status code is out of range: 99");
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse("Status: 20\n\n"))
			.withMessage("the status is not 'NNN reason': '20'");
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse("Status: 2/0\n\n"))
			.withMessage("the status is not 'NNN reason': '2/0'");
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse("Status: 2:0\n\n"))
			.withMessage("the status is not 'NNN reason': '2:0'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "100", "101 Switching Protocols", "102", "103 Early Hints", "199" })
	void anInterimStatusIsNotAnAnswer(String status) {
		String code = status.substring(0, 3);
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> parse("Status: " + status + "\nContent-Type: text/plain\n\n"))
			.withMessageStartingWith(
					"the status " + Integer.parseInt(code) + " is an interim response, not an answer to the request");
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> this.parser.parseNph(stream("HTTP/1.1 " + status + "\r\n\r\nHTTP/1.1 200 OK\r\n\r\n")))
			.withMessageStartingWith(
					"the status " + Integer.parseInt(code) + " is an interim response, not an answer to the request");
	}

	@Test
	void a101ThatCompletesAHandshakeAnswersAnUpgradeRequest() throws Exception {
		ScriptResponse response = this.parser.parse(stream("Status: 101 Switching Protocols\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\u0081\u0002hi"), false,
				"WebSocket");
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.upgrade()).isEqualTo("websocket");
		assertThat(response.headers())
			.containsExactly(new ScriptResponse.Header("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
		assertThat(new String(response.bodyStart(), StandardCharsets.ISO_8859_1)).isEqualTo("\u0081\u0002hi");
		assertThat(this.parser.parse(stream("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
				+ "Sec-WebSocket-Accept: x\r\n\r\n"), true, "websocket").status()).isEqualTo(101);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Upgrade: websocket\n", "Sec-WebSocket-Accept: x\n", "" })
	void a101WithoutTheHeadersOfAHandshakeIsRefusedEvenWhereUpgradeIsAllowed(String headers) {
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> this.parser.parse(stream("Status: 101\n" + headers + "\n"), false, "websocket"))
			.withMessageContaining("a 101 needs an upgrade request to a prefix with upgrade: true, an Upgrade header "
					+ "naming a protocol the request asked for, and Sec-WebSocket-Accept");
	}

	/** RFC 9110 7.8: a server switches only to a protocol the client named. */
	@Test
	void a101ToAProtocolTheRequestDidNotNameIsRefused() throws Exception {
		String switchTo = "Status: 101\nUpgrade: %s\nSec-WebSocket-Accept: x\n\n";
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> this.parser.parse(stream(switchTo.formatted("h2c")), false, "websocket"))
			.withMessageStartingWith("the status 101 is an interim response");
		assertThat(this.parser.parse(stream(switchTo.formatted("websocket")), false, "h2c, WebSocket").status())
			.isEqualTo(101);
	}

	@Test
	void onlyA101AnswersAnUpgradeRequestAndOnlyWhereItIsAllowed() {
		String handshake = "Upgrade: websocket\nSec-WebSocket-Accept: x\n\n";
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> this.parser.parse(stream("Status: 101\n" + handshake), false, null))
			.withMessageStartingWith("the status 101 is an interim response");
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> this.parser.parse(stream("Status: 103 Early Hints\n" + handshake), false, "websocket"))
			.withMessage("the status 103 is an interim response, not an answer to the request");
	}

	@Test
	void theUpgradeHeaderOfAnyOtherAnswerIsNotSent() throws Exception {
		ScriptResponse response = this.parser.parse(
				stream("Content-Type: text/plain\nUpgrade: websocket\nSec-WebSocket-Accept: x\n\n"), false, "websocket");
		assertThat(response.status()).isZero();
		assertThat(response.upgrade()).isNull();
	}

	@Test
	void theHeadersAreMeasuredAsTheyAreSent() throws Exception {
		// 203 lines "a:" sent as "a: " and CRLF (5 bytes), and "abc: vw" sent in 9: 1024.
		String atTheLimit = "a:\n".repeat(203) + "abc: vw\n\n";
		assertThat(atTheLimit.length()).isLessThan(1024);
		assertThat(parse(atTheLimit).headers()).hasSize(204);
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> parse("a:\n".repeat(203) + "abc: vwx\n\n"))
			.withMessage("the headers are larger than cgi.max-header-size (1024 bytes) as they would be sent (1025 bytes)");
	}

	@Test
	void headersThatAreNotSentAreNotMeasured() throws Exception {
		assertThat(parse("Status: 200\n" + "te:\n".repeat(200) + "Content-Type: text/plain\n\n").headers()).isEmpty();
		String statusLines = "Status: 200\n".repeat(80);
		assertThat(parse(statusLines + "\n").status()).isEqualTo(200);
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> this.parser.parseNph(stream("HTTP/1.1 200\n" + statusLines + "\n")))
			.withMessageStartingWith("the headers are larger than cgi.max-header-size");
		String named = "Location: /x\nContent-Type: text/plain\nContent-Length: 1\n";
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> parse(named.repeat(12) + "a:\n".repeat(70) + "\n"))
			.withMessageStartingWith("the headers are larger than cgi.max-header-size");
		assertThat(parse(named.repeat(12) + "a:\n".repeat(60) + "\n").headers()).hasSize(60);
	}

	@Test
	void contentLengthZeroIsALength() throws Exception {
		assertThat(parse("Content-Length: 0\n\n").contentLength()).isZero();
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse("Content-Length: ten\n\n"))
			.withMessage("the Content-Length is not a number: 'ten'");
	}

	@Test
	void headerNamesAreTokens() throws Exception {
		assertThat(parse("AZaz09!#$%&'*+-.^_`|~: ok\n\n").headers())
			.containsExactly(new ScriptResponse.Header("AZaz09!#$%&'*+-.^_`|~", "ok"));
		for (String name : new String[] { "X@", "X[", "X{", "X/", "X\"", "X\u007f", "X\u00e9" }) {
			assertThatExceptionOfType(MalformedScriptOutputException.class)
				.isThrownBy(() -> parse(name + ": v\n\n"))
				.withMessageStartingWith("a header name is not valid: ");
		}
	}

	@Test
	void refusedLinesAreQuotedReadably() {
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse(": no name\n\n"))
			.withMessage("a header line has no name or no colon: ': no name'");
		assertThatExceptionOfType(MalformedScriptOutputException.class)
			.isThrownBy(() -> parse("No colon\rhere\u007f\n\n"))
			.withMessage("a header line has no name or no colon: 'No colon\\x0dhere\\x7f'");
		String eighty = "y".repeat(80);
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse(eighty + "\n\n"))
			.withMessage("a header line has no name or no colon: '" + eighty + "'");
		assertThatExceptionOfType(MalformedScriptOutputException.class).isThrownBy(() -> parse(eighty + "z\n\n"))
			.withMessage("a header line has no name or no colon: '" + eighty + "...'");
	}

	@Test
	void nphStatusLineBoundaries() throws Exception {
		assertThat(this.parser.parseNph(stream("HTTP/1.0 200\r\nStatus: kept\r\n\r\n")).status()).isEqualTo(200);
		assertThat(this.parser.parseNph(stream("HTTP/1.0 200\r\nStatus: kept\r\n\r\n")).headers())
			.containsExactly(new ScriptResponse.Header("Status", "kept"));
		for (String line : new String[] { "HTTP/1.1 20", "HTTP/1.1_200 OK", "HTTP/2 200 OK" }) {
			assertThatExceptionOfType(MalformedScriptOutputException.class)
				.isThrownBy(() -> this.parser.parseNph(stream(line + "\r\n\r\n")))
				.withMessage("an NPH script must start with an HTTP status line, not '" + line + "'");
		}
	}

	@Test
	void localRedirectNeedsNoContentType() throws Exception {
		assertThat(parse("Location: /other\nContent-Type: text/html\n\n").isLocalRedirect()).isFalse();
		assertThat(parse("Content-Type: text/html\n\n").isLocalRedirect()).isFalse();
	}

	private static InputStream trickle(String output) {
		byte[] bytes = output.getBytes(StandardCharsets.ISO_8859_1);
		return new InputStream() {

			private int next;

			@Override
			public int read() {
				return (this.next < bytes.length) ? bytes[this.next++] : -1;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				int b = read();
				if (b < 0) {
					return -1;
				}
				buffer[offset] = (byte) b;
				return 1;
			}

		};
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
