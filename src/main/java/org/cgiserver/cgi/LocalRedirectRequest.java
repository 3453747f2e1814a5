package org.cgiserver.cgi;

import java.io.ByteArrayInputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request a local redirect (RFC 3875 6.2.2) is answered with: the same client and
 * headers, but a GET without a body.
 */
final class LocalRedirectRequest extends HttpServletRequestWrapper {

	private static final Set<String> BODY_HEADERS = Set.of("content-length", "content-type", "transfer-encoding");

	LocalRedirectRequest(HttpServletRequest request) {
		super(request);
	}

	@Override
	public String getMethod() {
		return "GET";
	}

	@Override
	public int getContentLength() {
		return -1;
	}

	@Override
	public long getContentLengthLong() {
		return -1;
	}

	@Override
	public String getContentType() {
		return null;
	}

	@Override
	public String getHeader(String name) {
		return isBodyHeader(name) ? null : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return isBodyHeader(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		return Collections.enumeration(
				Collections.list(super.getHeaderNames()).stream().filter((name) -> !isBodyHeader(name)).toList());
	}

	@Override
	public ServletInputStream getInputStream() {
		ByteArrayInputStream empty = new ByteArrayInputStream(new byte[0]);
		return new ServletInputStream() {

			@Override
			public int read() {
				return empty.read();
			}

			@Override
			public boolean isFinished() {
				return true;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new IllegalStateException("Not an asynchronous request");
			}

		};
	}

	private static boolean isBodyHeader(String name) {
		return BODY_HEADERS.contains(name.toLowerCase(Locale.ROOT));
	}

}
