package org.cgiserver.cgi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * A request body as a script receives it: its exact length and a stream. The body is
 * taken from the client into a {@link BodySpool} as fast as the client sends it, while
 * the script reads it as it arrives; a chunked body is taken whole first, because
 * CONTENT_LENGTH must be known before the script starts.
 */
final class RequestBody implements AutoCloseable {

	private static final int BUFFER_SIZE = 16384;

	private final long length;

	private final @Nullable BodySpool spool;

	private final @Nullable InputStream input;

	private final @Nullable Executor executor;

	private @Nullable CompletableFuture<Void> pumped;

	private volatile boolean unwanted;

	private RequestBody(long length, @Nullable BodySpool spool) {
		this(length, spool, null, null);
	}

	private RequestBody(long length, @Nullable BodySpool spool, @Nullable InputStream input,
			@Nullable Executor executor) {
		this.length = length;
		this.spool = spool;
		this.input = input;
		this.executor = executor;
	}

	/**
	 * Opens the body of a request.
	 * @param request the request
	 * @param maxSize the largest body accepted
	 * @param spools makes the spool the body waits in
	 * @param executor runs the thread that takes the body from the client
	 * @return the body
	 * @throws TooLargeException when the body is larger than allowed
	 * @throws IOException when reading a chunked body fails
	 */
	static RequestBody open(HttpServletRequest request, long maxSize, SpoolFactory spools, Executor executor)
			throws TooLargeException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxSize) {
			throw new TooLargeException();
		}
		if (declared == 0) {
			return new RequestBody(0, null);
		}
		if (declared > 0) {
			return new RequestBody(declared, spools.newSpool(), request.getInputStream(), executor);
		}
		if (request.getHeader("Transfer-Encoding") == null) {
			return new RequestBody(-1, null);
		}
		return readWhole(request.getInputStream(), maxSize, spools.newSpool());
	}

	private static RequestBody readWhole(InputStream input, long maxSize, BodySpool spool)
			throws TooLargeException, IOException {
		try {
			byte[] buffer = new byte[BUFFER_SIZE];
			long total = 0;
			int read;
			while ((read = input.read(buffer)) != -1) {
				total += read;
				if (total > maxSize) {
					throw new TooLargeException();
				}
				spool.write(buffer, 0, read);
			}
			spool.finish();
			return (total > 0) ? new RequestBody(total, spool) : closed(spool);
		}
		catch (TooLargeException | IOException | RuntimeException ex) {
			spool.close();
			throw ex;
		}
	}

	private static RequestBody closed(BodySpool spool) throws IOException {
		spool.close();
		return new RequestBody(0, null);
	}

	/**
	 * Starts taking the body from the client, once: when the script first reads it, so
	 * that a request still waiting for a script slot takes nothing yet.
	 */
	private synchronized void startPump() {
		if (this.pumped == null && this.input != null && this.executor != null && this.spool != null
				&& !this.unwanted) {
			BodySpool spool = this.spool;
			InputStream input = this.input;
			this.pumped = CompletableFuture.runAsync(() -> pump(input, spool), this.executor);
		}
	}

	/**
	 * Takes the body from the client until it ends or is no longer wanted. A client whose
	 * upload breaks off leaves the script with what came.
	 */
	private void pump(InputStream input, BodySpool spool) {
		byte[] buffer = new byte[BUFFER_SIZE];
		long total = 0;
		try {
			while (total < this.length && !this.unwanted) {
				int read = input.read(buffer, 0, (int) Math.min(buffer.length, this.length - total));
				if (read < 0) {
					break;
				}
				spool.write(buffer, 0, read);
				total += read;
			}
		}
		catch (IOException ex) {
			// The client's upload broke off, or the spool was closed: the script sees the
			// end of its input.
		}
		finally {
			spool.finish();
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
	 * The body's bytes from the start, or {@code null} when there are none.
	 * @return the stream
	 */
	@Nullable InputStream stream() {
		if (this.spool == null) {
			return null;
		}
		return new FilterInputStream(this.spool.reader()) {

			@Override
			public int read(byte[] bytes, int offset, int length) throws IOException {
				startPump();
				return super.read(bytes, offset, length);
			}

			@Override
			public int read() throws IOException {
				startPump();
				return super.read();
			}

		};
	}

	/**
	 * Stops taking the body from the client (the request is about to be handed back to
	 * the container, which must be the only one reading it then) and frees the spool.
	 */
	@Override
	public void close() throws IOException {
		CompletableFuture<Void> pumped;
		synchronized (this) {
			this.unwanted = true;
			pumped = this.pumped;
		}
		try {
			if (pumped != null) {
				pumped.join();
			}
		}
		finally {
			if (this.spool != null) {
				this.spool.close();
			}
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

	/**
	 * Makes the spools bodies wait in.
	 */
	@FunctionalInterface
	interface SpoolFactory {

		BodySpool newSpool();

	}

}
