package org.cgiserver.tls;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpHeaders;

/**
 * A plain HTTP response that never asks for a login: where the access rules would answer
 * {@code 401} with a challenge, the client is sent to the same path on HTTPS, where the
 * login is asked for.
 */
final class LoginSentToHttps extends HttpServletResponseWrapper {

	private final String httpsUrl;

	LoginSentToHttps(HttpServletResponse response, String httpsUrl) {
		super(response);
		this.httpsUrl = httpsUrl;
	}

	@Override
	public void sendError(int status) throws IOException {
		if (status == SC_UNAUTHORIZED) {
			PlainHttpRedirect.redirect(this, this.httpsUrl);
			return;
		}
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		if (status == SC_UNAUTHORIZED) {
			PlainHttpRedirect.redirect(this, this.httpsUrl);
			return;
		}
		super.sendError(status, message);
	}

	@Override
	public void setStatus(int status) {
		if (status == SC_UNAUTHORIZED) {
			PlainHttpRedirect.redirect(this, this.httpsUrl);
			return;
		}
		super.setStatus(status);
	}

	@Override
	public void setHeader(String name, String value) {
		if (!isChallenge(name)) {
			super.setHeader(name, value);
		}
	}

	@Override
	public void addHeader(String name, String value) {
		if (!isChallenge(name)) {
			super.addHeader(name, value);
		}
	}

	private static boolean isChallenge(String name) {
		return HttpHeaders.WWW_AUTHENTICATE.equalsIgnoreCase(name);
	}

}
