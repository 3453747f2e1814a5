package org.cgiserver.security;

import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One rule of {@code cgi.auth.rules}: which requests it covers, who may pass and from
 * where.
 *
 * @param pattern the paths the rule covers
 * @param methods the methods it applies to, upper case; empty for every method
 * @param users the users who may pass; {@code "*"} for any user; empty when no login is
 * needed
 * @param allowFrom the clients that may pass, by address
 */
record AccessRule(PathPattern pattern, Set<String> methods, Set<String> users, ClientAddresses allowFrom) {

	/** The user name that stands for every user of the users file. */
	static final String ANY_USER = "*";

	AccessRule {
		methods = Set.copyOf(methods);
		users = Set.copyOf(users);
	}

	boolean covers(String method, PathContainer path) {
		return appliesTo(method) && this.pattern.matches(path);
	}

	/**
	 * As Apache's {@code <Limit GET>}: a rule for GET covers HEAD too. Whatever the case of
	 * the method: the container passes {@code post} on as it came, and scripts (Python's
	 * {@code cgi} module, for one) take it for a POST.
	 */
	private boolean appliesTo(String method) {
		if (this.methods.isEmpty()) {
			return true;
		}
		String canonical = method.toUpperCase(Locale.ROOT);
		return this.methods.contains(canonical) || (canonical.equals("HEAD") && this.methods.contains("GET"));
	}

	boolean needsLogin() {
		return !this.users.isEmpty();
	}

	/** Whether the rule can keep anyone out, rather than only exempt paths from later rules. */
	boolean restricts() {
		return needsLogin() || !this.allowFrom.ranges().isEmpty();
	}

	boolean admitsAddress(HttpServletRequest request) {
		return this.allowFrom.admit(request);
	}

	boolean admitsUser(String user) {
		return this.users.contains(ANY_USER) || this.users.contains(user);
	}

}
