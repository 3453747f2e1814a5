package org.cgiserver.tls;

import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A plain HTTP request without the credentials it brought: a password sent in cleartext
 * is never checked, so it can neither log in nor count as a failed login.
 */
final class CredentialsHidden extends HttpServletRequestWrapper {

	CredentialsHidden(HttpServletRequest request) {
		super(request);
	}

	@Override
	public @Nullable String getHeader(String name) {
		return isCredentials(name) ? null : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return isCredentials(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		return Collections.enumeration(
				Collections.list(super.getHeaderNames()).stream().filter((name) -> !isCredentials(name)).toList());
	}

	private static boolean isCredentials(String name) {
		return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name);
	}

}
