package org.cgiserver.cgi;

import java.io.IOException;
import java.util.concurrent.Executor;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Opens request bodies within the size limit, each in a spool of its own.
 */
final class RequestBodies {

	private final long maxSize;

	private final int memoryPerBody;

	private final SpoolFolder folder;

	private final Executor executor;

	/**
	 * @param maxSize the largest body accepted, in bytes
	 * @param memoryPerBody the bytes of a body kept in memory
	 * @param folder where the rest of larger bodies goes
	 * @param executor runs the threads that take bodies from clients
	 */
	RequestBodies(long maxSize, int memoryPerBody, SpoolFolder folder, Executor executor) {
		this.maxSize = maxSize;
		this.memoryPerBody = memoryPerBody;
		this.folder = folder;
		this.executor = executor;
	}

	long maxSize() {
		return this.maxSize;
	}

	RequestBody open(HttpServletRequest request) throws RequestBody.TooLargeException, IOException {
		return RequestBody.open(request, this.maxSize, () -> new BodySpool(this.memoryPerBody, this.folder),
				this.executor);
	}

}
