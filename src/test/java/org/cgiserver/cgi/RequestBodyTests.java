package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodyTests {

	private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));

	private final List<byte[]> bodies = new ArrayList<>();

	/** Leaves no spool behind, even when the code under test (or a mutant of it) does. */
	@AfterEach
	void removeSpools() throws IOException {
		for (byte[] body : this.bodies) {
			for (Path spool : spoolsOf(body)) {
				Files.deleteIfExists(spool);
			}
		}
	}

	/** A request whose body has a declared length. */
	private static MockHttpServletRequest sized(byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cgi-bin/x");
		request.setContent(body);
		return request;
	}

	/** A request whose body has no declared length, as a chunked one. */
	private static MockHttpServletRequest chunked(byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cgi-bin/x") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

		};
		request.setContent(body);
		request.addHeader("Transfer-Encoding", "chunked");
		return request;
	}

	/** A body no other test or process writes, so that its spool file can be told apart. */
	private byte[] uniqueBody(int size) {
		byte[] marker = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
		byte[] body = Arrays.copyOf(marker, size);
		Arrays.fill(body, marker.length, size, (byte) 'x');
		this.bodies.add(body);
		return body;
	}

	/** The spool files that start with the given body's first bytes. */
	private static List<Path> spoolsOf(byte[] body) throws IOException {
		byte[] marker = Arrays.copyOf(body, 36);
		try (Stream<Path> files = Files.list(TEMP)) {
			return files.filter((file) -> file.getFileName().toString().startsWith("cgiserver-body-"))
				.filter((file) -> startsWith(file, marker))
				.toList();
		}
	}

	private static boolean startsWith(Path file, byte[] marker) {
		try (InputStream in = Files.newInputStream(file)) {
			return Arrays.equals(in.readNBytes(marker.length), marker);
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Test
	void bodyOfDeclaredLengthIsStreamedAsIs() throws Exception {
		MockHttpServletRequest request = sized("a=1&b=2".getBytes(StandardCharsets.US_ASCII));
		try (RequestBody body = RequestBody.open(request, 100)) {
			assertThat(body.length()).isEqualTo(7);
			assertThat(body.stream()).isSameAs(request.getInputStream());
		}
	}

	@Test
	void emptyDeclaredBodyHasNoStream() throws Exception {
		try (RequestBody body = RequestBody.open(sized(new byte[0]), 100)) {
			assertThat(body.length()).isZero();
			assertThat(body.stream()).isNull();
		}
	}

	@Test
	void requestWithoutBodyHasNoLength() throws Exception {
		try (RequestBody body = RequestBody.open(new MockHttpServletRequest("GET", "/cgi-bin/x"), 100)) {
			assertThat(body.length()).isEqualTo(-1);
			assertThat(body.stream()).isNull();
		}
	}

	@Test
	void declaredLengthOverTheLimitIsRefusedBeforeReading() {
		assertThatExceptionOfType(RequestBody.TooLargeException.class)
			.isThrownBy(() -> RequestBody.open(sized(new byte[101]), 100))
			.withMessage("request body too large");
	}

	@Test
	void declaredLengthAtTheLimitIsAccepted() throws Exception {
		try (RequestBody body = RequestBody.open(sized(new byte[100]), 100)) {
			assertThat(body.length()).isEqualTo(100);
		}
	}

	@Test
	void chunkedBodyIsSpooledToLearnItsLength() throws Exception {
		byte[] content = uniqueBody(40_000);
		try (RequestBody body = RequestBody.open(chunked(content), 40_000)) {
			assertThat(body.length()).isEqualTo(40_000);
			assertThat(body.stream()).isNotNull();
			try (InputStream stream = body.stream()) {
				assertThat(stream.readAllBytes()).isEqualTo(content);
			}
			assertThat(spoolsOf(content)).hasSize(1);
		}
		assertThat(spoolsOf(content)).isEmpty();
	}

	@Test
	void spoolIsDeletedWhileTheScriptMayStillReadIt() throws Exception {
		byte[] content = uniqueBody(1000);
		RequestBody body = RequestBody.open(chunked(content), 1000);
		try (InputStream stream = body.stream()) {
			body.close();
			assertThat(spoolsOf(content)).isEmpty();
			assertThat(stream.readAllBytes()).isEqualTo(content);
		}
	}

	@Test
	void emptyChunkedBodyHasLengthZeroAndNoStream() throws Exception {
		try (RequestBody body = RequestBody.open(chunked(new byte[0]), 100)) {
			assertThat(body.length()).isZero();
			assertThat(body.stream()).isNull();
		}
	}

	@Test
	void chunkedBodyOverTheLimitIsRefusedAndItsSpoolRemoved() throws Exception {
		byte[] content = uniqueBody(30_000);
		assertThatExceptionOfType(RequestBody.TooLargeException.class)
			.isThrownBy(() -> RequestBody.open(chunked(content), 20_000));
		assertThat(spoolsOf(content)).isEmpty();
	}

	@Test
	void spoolIsRemovedWhenReadingTheBodyFails() throws Exception {
		byte[] content = uniqueBody(20_000);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cgi-bin/x") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public ServletInputStream getInputStream() {
				return new DelegatingServletInputStream(new InputStream() {

					private int sent;

					@Override
					public int read() throws IOException {
						byte[] one = new byte[1];
						return (read(one, 0, 1) < 0) ? -1 : one[0];
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						if (this.sent >= 16384) {
							throw new IOException("client went away");
						}
						int count = Math.min(length, 16384 - this.sent);
						System.arraycopy(content, this.sent, buffer, offset, count);
						this.sent += count;
						return count;
					}

				});
			}

		};
		request.addHeader("Transfer-Encoding", "chunked");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> RequestBody.open(request, 100_000))
			.withMessage("client went away");
		assertThat(spoolsOf(content)).isEmpty();
	}

	@Test
	void closingABodyWithoutSpoolIsHarmless() throws Exception {
		RequestBody body = RequestBody.open(sized(new byte[3]), 100);
		body.close();
		assertThat(body.length()).isEqualTo(3);
	}

}
