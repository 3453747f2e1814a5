package org.cgiserver.security;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The clients a rule lets in, by address. For the server's own pages (actuator, status
 * page), a loopback client must also be the operator of this machine: a web page that
 * rebinds its own name to 127.0.0.1 in an operator's browser, or a reverse proxy on the
 * same machine passing on a stranger's request, reaches loopback too. The operator asks
 * for a local name in the {@code Host} header it sends and comes through no proxy; a
 * rebinding page sends its own name, a proxy the client's name or headers of its own.
 * A proxy set to send neither (Debian's nginx with a bare {@code proxy_pass} sends
 * {@code Host: 127.0.0.1:8080}) cannot be told from the operator: hence the operator's
 * pages have a port of their own, {@code management.server.port}, that no proxy forwards.
 *
 * @param ranges the addresses and CIDR ranges let in; empty for any client
 * @param localNameOnLoopback whether loopback clients must be the local operator
 */
record ClientAddresses(List<IpAddressMatcher> ranges, boolean localNameOnLoopback) {

	private static final List<IpAddressMatcher> LOOPBACK = List.of(new IpAddressMatcher("127.0.0.0/8"),
			new IpAddressMatcher("::1"));

	/** localhost and its subdomains (RFC 6761), and loopback address literals. */
	private static final Pattern LOCAL_NAME = Pattern
		.compile("(?:[a-z0-9.-]+\\.)?localhost\\.?|127(?:\\.\\d{1,3}){3}|\\[?(?:0*:)+:?0*1]?");

	ClientAddresses {
		ranges = List.copyOf(ranges);
	}

	static ClientAddresses any() {
		return new ClientAddresses(List.of(), false);
	}

	/**
	 * Loopback, and the given ranges, for the server's own pages.
	 * @param others the ranges besides loopback
	 * @return the addresses
	 */
	static ClientAddresses operators(List<IpAddressMatcher> others) {
		List<IpAddressMatcher> ranges = new java.util.ArrayList<>(LOOPBACK);
		ranges.addAll(others);
		return new ClientAddresses(ranges, true);
	}

	boolean admit(HttpServletRequest request) {
		if (this.ranges.isEmpty()) {
			return true;
		}
		String address = request.getRemoteAddr();
		if (this.ranges.stream().noneMatch((range) -> range.matches(address))) {
			return false;
		}
		return !this.localNameOnLoopback || LOOPBACK.stream().noneMatch((range) -> range.matches(address))
				|| isLocalOperator(SentHeaders.of(request));
	}

	/**
	 * The name the client sent, not the one a forwarded header gave the request; and any
	 * header a proxy adds, even one the server believed and took off.
	 */
	private static boolean isLocalOperator(SentHeaders sent) {
		return !sent.forwarded() && LOCAL_NAME.matcher(sent.hostName()).matches();
	}

}
