package org.cgiserver.security;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a blocked client address 429 with the seconds it must wait, whatever
 * credentials it sends: its guesses are not even checked.
 */
final class TooManyFailures implements AuthenticationEntryPoint {

	private final LoginFailures failures;

	TooManyFailures(LoginFailures failures) {
		this.failures = failures;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		Duration left = this.failures.blockedFor(request.getRemoteAddr());
		long seconds = (left != null) ? Math.max(1, (left.toMillis() + 999) / 1000) : 1;
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		response.sendError(HttpStatus.TOO_MANY_REQUESTS.value(), "Too many failed logins from this address");
	}

}
