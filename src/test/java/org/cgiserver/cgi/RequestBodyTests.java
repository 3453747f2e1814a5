package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.servlet.ServletInputStream;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Request bodies: the size limit, the length a script is told, and the spool each body
 * waits in, taken from the client only once the script reads and freed when done.
 */
class RequestBodyTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	private final SpoolFolder folder = new SpoolFolder(site.folder("spool"));

	private final List<BodySpool> spools = new ArrayList<>();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void stopExecutor() {
		this.executor.shutdownNow();
	}

	private RequestBody open(MockHttpServletRequest request, long maxSize)
			throws RequestBody.TooLargeException, IOException {
		return RequestBody.open(request, maxSize, () -> {
			BodySpool spool = new BodySpool(1024, this.folder);
			this.spools.add(spool);
			return spool;
		}, this.executor);
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

	private static byte[] content(int size) {
		byte[] content = new byte[size];
		for (int i = 0; i < size; i++) {
			content[i] = (byte) ('a' + i % 26);
		}
		return content;
	}

	private static boolean isClosed(BodySpool spool) {
		try {
			spool.write(new byte[1], 0, 1);
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Test
	void bodyOfDeclaredLengthReachesTheScriptWhole() throws Exception {
		byte[] content = content(50_000);
		try (RequestBody body = open(sized(content), 100_000)) {
			assertThat(body.length()).isEqualTo(50_000);
			assertThat(body.stream().readAllBytes()).isEqualTo(content);
		}
	}

	@Test
	void nothingIsTakenFromTheClientBeforeTheScriptReads() throws Exception {
		MockHttpServletRequest request = sized(content(5000));
		try (RequestBody body = open(request, 100_000)) {
			assertThat(body.stream()).isNotNull();
			assertThat(request.getInputStream().available()).isEqualTo(5000);
		}
		assertThat(this.spools).singleElement().satisfies((spool) -> assertThat(isClosed(spool)).isTrue());
	}

	@Test
	void emptyDeclaredBodyHasNoStream() throws Exception {
		try (RequestBody body = open(sized(new byte[0]), 100)) {
			assertThat(body.length()).isZero();
			assertThat(body.stream()).isNull();
		}
	}

	@Test
	void requestWithoutBodyHasNoLength() throws Exception {
		try (RequestBody body = open(new MockHttpServletRequest("GET", "/cgi-bin/x"), 100)) {
			assertThat(body.length()).isEqualTo(-1);
			assertThat(body.stream()).isNull();
		}
	}

	@Test
	void declaredLengthOverTheLimitIsRefusedBeforeReading() {
		assertThatExceptionOfType(RequestBody.TooLargeException.class).isThrownBy(() -> open(sized(new byte[101]), 100))
			.withMessage("request body too large");
		assertThat(this.spools).isEmpty();
	}

	@Test
	void declaredLengthAtTheLimitIsAccepted() throws Exception {
		try (RequestBody body = open(sized(new byte[100]), 100)) {
			assertThat(body.length()).isEqualTo(100);
		}
	}

	@Test
	void chunkedBodyIsTakenWholeToLearnItsLength() throws Exception {
		byte[] content = content(40_000);
		MockHttpServletRequest request = chunked(content);
		try (RequestBody body = open(request, 40_000)) {
			assertThat(request.getInputStream().available()).isZero();
			assertThat(body.length()).isEqualTo(40_000);
			try (InputStream stream = body.stream()) {
				assertThat(stream.readAllBytes()).isEqualTo(content);
			}
		}
		assertThat(isClosed(this.spools.get(0))).isTrue();
	}

	@Test
	void emptyChunkedBodyHasLengthZeroAndNoStream() throws Exception {
		try (RequestBody body = open(chunked(new byte[0]), 100)) {
			assertThat(body.length()).isZero();
			assertThat(body.stream()).isNull();
		}
		assertThat(isClosed(this.spools.get(0))).isTrue();
	}

	@Test
	void chunkedBodyOverTheLimitIsRefusedAndItsSpoolFreed() {
		assertThatExceptionOfType(RequestBody.TooLargeException.class)
			.isThrownBy(() -> open(chunked(content(30_000)), 20_000));
		assertThat(isClosed(this.spools.get(0))).isTrue();
	}

	@Test
	void chunkedBodyOneByteOverTheLimitIsRefused() {
		assertThatExceptionOfType(RequestBody.TooLargeException.class)
			.isThrownBy(() -> open(chunked(content(20_001)), 20_000));
	}

	@Test
	void spoolIsFreedWhenReadingAChunkedBodyFails() {
		byte[] content = content(20_000);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cgi-bin/x") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

			@Override
			public ServletInputStream getInputStream() {
				return new DelegatingServletInputStream(new BrokenUpload(content, 16384));
			}

		};
		request.addHeader("Transfer-Encoding", "chunked");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> open(request, 100_000))
			.withMessage("client went away");
		assertThat(isClosed(this.spools.get(0))).isTrue();
	}

	@Test
	void aScriptSeesWhatCameBeforeTheClientsUploadBrokeOff() throws Exception {
		byte[] content = content(20_000);
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cgi-bin/x") {

			@Override
			public long getContentLengthLong() {
				return content.length;
			}

			@Override
			public ServletInputStream getInputStream() {
				return new DelegatingServletInputStream(new BrokenUpload(content, 5000));
			}

		};
		try (RequestBody body = open(request, 100_000)) {
			assertThat(body.stream().readAllBytes()).isEqualTo(Arrays.copyOf(content, 5000));
		}
	}

	@Test
	void closingABodyFreesItsSpool() throws Exception {
		RequestBody body = open(sized("abc".getBytes(StandardCharsets.US_ASCII)), 100);
		body.close();
		assertThat(body.length()).isEqualTo(3);
		assertThat(isClosed(this.spools.get(0))).isTrue();
	}

	/** An upload whose client goes away after some bytes. */
	private static final class BrokenUpload extends InputStream {

		private final byte[] content;

		private final int breakAt;

		private int sent;

		BrokenUpload(byte[] content, int breakAt) {
			this.content = content;
			this.breakAt = breakAt;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0];
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.sent >= this.breakAt) {
				throw new IOException("client went away");
			}
			int count = Math.min(length, this.breakAt - this.sent);
			System.arraycopy(this.content, this.sent, buffer, offset, count);
			this.sent += count;
			return count;
		}

	}

}
