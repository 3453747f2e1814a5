package org.cgiserver.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.cgiserver.paths.RequestPaths;
import org.cgiserver.text.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;

/**
 * Asks for a login: 401 with a Basic challenge that git, curl and browsers answer. A
 * request that brought wrong credentials is a failed login: logged (user, client
 * address, path, never the password) and counted against the client's address.
 */
final class BasicChallenge implements AuthenticationEntryPoint {

	private static final Logger logger = LoggerFactory.getLogger(BasicChallenge.class);

	/** Characters of a user name or path shown in a log line. */
	private static final int MAX_SHOWN = 200;

	private final String challenge;

	private final LoginFailures failures;

	private final BasicAuthenticationConverter credentials = new BasicAuthenticationConverter();

	/**
	 * @param realm the realm, free of quotes and control characters
	 * @param failures where failed logins are counted
	 */
	BasicChallenge(String realm, LoginFailures failures) {
		// RFC 7617: charset tells clients to send the credentials in UTF-8.
		this.challenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
		this.failures = failures;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (!(exception instanceof InsufficientAuthenticationException)) {
			recordFailure(request);
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, this.challenge);
		response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Login required");
	}

	private void recordFailure(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		LoginFailures.Failure failure = this.failures.record(address);
		String user = LogText.quoted(userOf(request), MAX_SHOWN);
		String path = LogText.quoted(RequestPaths.decodedPath(request), MAX_SHOWN);
		if (failure.blocksAddress()) {
			logger.warn("Failed login for user {} from {} to {}: {} failures within {}, address blocked for {}", user,
					address, path, failure.count(), this.failures.limits().window(), this.failures.limits().block());
		}
		else {
			logger.info("Failed login for user {} from {} to {}", user, address, path);
		}
	}

	private String userOf(HttpServletRequest request) {
		try {
			UsernamePasswordAuthenticationToken token = this.credentials.convert(request);
			return (token != null) ? token.getName() : "";
		}
		catch (RuntimeException ex) {
			return "(unreadable credentials)";
		}
	}

}
