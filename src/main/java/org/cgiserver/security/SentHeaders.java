package org.cgiserver.security;

import java.util.Collections;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * What a request said of where it came from, as the client sent it: before Tomcat's
 * handling of forwarded headers ({@code server.forward-headers-strategy: native}) takes
 * the server name from {@code X-Forwarded-Host} and removes the {@code X-Forwarded-For}
 * entries it believed, and before Spring's {@code ForwardedHeaderFilter} hides them.
 *
 * @param host the {@code Host} header as sent, {@code null} when there was none
 * @param forwarded whether the request carried a header that proxies add
 */
record SentHeaders(@Nullable String host, boolean forwarded) {

	private static final String ATTRIBUTE = SentHeaders.class.getName();

	/** Besides every {@code X-Forwarded-*} header. */
	private static final Set<String> FORWARDING = Set.of("forwarded", "x-real-ip", "via");

	/**
	 * Reads the headers of a request as the container got them.
	 * @param request the request, before anything rewrote it
	 * @return what it sent
	 */
	static SentHeaders read(HttpServletRequest request) {
		boolean forwarded = Collections.list(request.getHeaderNames())
			.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.anyMatch((name) -> name.startsWith("x-forwarded-") || FORWARDING.contains(name));
		return new SentHeaders(request.getHeader("Host"), forwarded);
	}

	/** Keeps them on the request, for the access rules to read later. */
	void keep(ServletRequest request) {
		request.setAttribute(ATTRIBUTE, this);
	}

	/**
	 * A request's, as kept when it reached the server ({@link SentHeadersValve}), else as
	 * its container's request reads beneath any wrapper.
	 * @param request the request
	 * @return what it sent
	 */
	static SentHeaders of(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof SentHeaders kept) {
			return kept;
		}
		ServletRequest original = request;
		while (original instanceof ServletRequestWrapper wrapper) {
			original = wrapper.getRequest();
		}
		return read((original instanceof HttpServletRequest http) ? http : request);
	}

	/**
	 * The name the client asked for: the {@code Host} header without its port, in lower
	 * case; an IPv6 literal keeps its brackets.
	 * @return the name, empty when the request sent no {@code Host}
	 */
	String hostName() {
		if (this.host == null) {
			return "";
		}
		String name = this.host.trim().toLowerCase(Locale.ROOT);
		if (name.startsWith("[")) {
			int end = name.indexOf(']');
			return (end > 0) ? name.substring(0, end + 1) : name;
		}
		int colon = name.indexOf(':');
		// More than one colon: an IPv6 address without brackets, no port to take off.
		return (colon >= 0 && name.indexOf(':', colon + 1) < 0) ? name.substring(0, colon) : name;
	}

}
