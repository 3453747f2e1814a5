package org.cgiserver.websocket;

import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A handshake request as Tomcat is to see it: without the extensions the client offers.
 * Browsers and Python's {@code websockets} offer {@code permessage-deflate}, and Tomcat,
 * given no extension of ours, negotiates its own; each session would then hold a zlib
 * compressor and decompressor (a 32 KB buffer on the heap and zlib's state in native
 * memory, more than the rest of a session holds), to compress a script's lines, which
 * gains little. Hiding the header is the one way: Spring's choice of extensions does not
 * reach Tomcat's own negotiation.
 */
final class WithoutExtensions extends HttpServletRequestWrapper {

	static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	WithoutExtensions(HttpServletRequest request) {
		super(request);
	}

	@Override
	public @Nullable String getHeader(String name) {
		return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		return Collections.enumeration(Collections.list(super.getHeaderNames())
			.stream()
			.filter((name) -> !EXTENSIONS.equalsIgnoreCase(name))
			.toList());
	}

}
