package org.cgiserver.security;

import java.util.List;
import java.util.Set;

import org.springframework.http.server.PathContainer;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One rule of {@code cgi.auth.rules}: which requests it covers, who may pass and from
 * where.
 *
 * @param pattern the paths the rule covers
 * @param methods the methods it applies to, upper case; empty for every method
 * @param users the users who may pass; {@code "*"} for any user; empty when no login is
 * needed
 * @param allowFrom the client addresses that may pass; empty for any address
 */
record AccessRule(PathPattern pattern, Set<String> methods, Set<String> users, List<IpAddressMatcher> allowFrom) {

	/** The user name that stands for every user of the users file. */
	static final String ANY_USER = "*";

	AccessRule {
		methods = Set.copyOf(methods);
		users = Set.copyOf(users);
		allowFrom = List.copyOf(allowFrom);
	}

	boolean covers(String method, PathContainer path) {
		return appliesTo(method) && this.pattern.matches(path);
	}

	/** As Apache's {@code <Limit GET>}: a rule for GET covers HEAD too. */
	private boolean appliesTo(String method) {
		return this.methods.isEmpty() || this.methods.contains(method)
				|| (method.equals("HEAD") && this.methods.contains("GET"));
	}

	boolean needsLogin() {
		return !this.users.isEmpty();
	}

	boolean admitsAddress(String address) {
		return this.allowFrom.isEmpty() || this.allowFrom.stream().anyMatch((range) -> range.matches(address));
	}

	boolean admitsUser(String user) {
		return this.users.contains(ANY_USER) || this.users.contains(user);
	}

}
