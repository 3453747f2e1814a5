package org.cgiserver.cgi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * The answers of requests that no script answers: a body too large (413), no free slot
 * (503), a script that could not be started (502), a client that left (499, unsent).
 */
final class Refusals {

	/** The status recorded when the client left before the script answered, as nginx logs it. */
	static final int CLIENT_CLOSED_REQUEST = 499;

	/**
	 * Answers 413 at once and closes the connection: an error page would only be sent
	 * after the container has tried to swallow the rest of the unread body.
	 */
	void bodyTooLarge(HttpServletResponse response, long maxRequestBody) throws IOException {
		byte[] body = ("Request body larger than " + maxRequestBody + " bytes\n")
			.getBytes(StandardCharsets.US_ASCII);
		response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		response.setHeader(HttpHeaders.CONNECTION, "close");
		response.setContentType("text/plain;charset=us-ascii");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	void busy(HttpServletResponse response, Duration retryAfter) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Too many scripts are running; try again later");
	}

	/**
	 * Ends a request whose client has left: no error page, and the connection is closed.
	 * The status is for the access log, as nginx logs a client that closed its request.
	 */
	void clientGone(HttpServletResponse response) {
		response.setStatus(CLIENT_CLOSED_REQUEST);
		response.setHeader(HttpHeaders.CONNECTION, "close");
		response.setContentLength(0);
	}

	void notStarted(HttpServletResponse response) throws IOException {
		response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "The script could not be started");
	}

}
