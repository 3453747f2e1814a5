package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * A request body as a script receives it: its exact length and a stream. A body of known
 * length is streamed straight from the client; a chunked one is spooled to a temporary
 * file first, because CONTENT_LENGTH must be known before the script starts.
 */
final class RequestBody implements AutoCloseable {

	private final long length;

	private final @Nullable InputStream stream;

	private final @Nullable Path spool;

	private RequestBody(long length, @Nullable InputStream stream, @Nullable Path spool) {
		this.length = length;
		this.stream = stream;
		this.spool = spool;
	}

	/**
	 * Opens the body of a request.
	 * @param request the request
	 * @param maxSize the largest body accepted
	 * @return the body
	 * @throws TooLargeException when the body is larger than allowed
	 * @throws IOException when reading a chunked body fails
	 */
	static RequestBody open(HttpServletRequest request, long maxSize) throws TooLargeException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxSize) {
			throw new TooLargeException();
		}
		if (declared >= 0) {
			return new RequestBody(declared, (declared > 0) ? request.getInputStream() : null, null);
		}
		String transferEncoding = request.getHeader("Transfer-Encoding");
		if (transferEncoding == null) {
			return new RequestBody(-1, null, null);
		}
		return spool(request.getInputStream(), maxSize);
	}

	private static RequestBody spool(InputStream input, long maxSize) throws TooLargeException, IOException {
		Path file = Files.createTempFile("cgiserver-body-", ".tmp");
		try {
			long total = 0;
			try (OutputStream out = Files.newOutputStream(file)) {
				byte[] buffer = new byte[16384];
				int read;
				while ((read = input.read(buffer)) != -1) {
					total += read;
					if (total > maxSize) {
						throw new TooLargeException();
					}
					out.write(buffer, 0, read);
				}
			}
			return new RequestBody(total, (total > 0) ? Files.newInputStream(file) : null, file);
		}
		catch (TooLargeException | IOException | RuntimeException ex) {
			Files.deleteIfExists(file);
			throw ex;
		}
	}

	/**
	 * The body's length, or -1 when the request has no body.
	 * @return the length
	 */
	long length() {
		return this.length;
	}

	/**
	 * The body's bytes, or {@code null} when there are none.
	 * @return the stream
	 */
	@Nullable InputStream stream() {
		return this.stream;
	}

	@Override
	public void close() throws IOException {
		if (this.spool != null) {
			// The script may still be reading it: an open file outlives its deletion.
			Files.deleteIfExists(this.spool);
		}
	}

	/**
	 * The body is larger than {@code cgi.max-request-body}.
	 */
	static final class TooLargeException extends Exception {

		TooLargeException() {
			super("request body too large");
		}

	}

}
