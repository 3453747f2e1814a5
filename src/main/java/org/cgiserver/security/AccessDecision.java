package org.cgiserver.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The rules that judge one request, each of which must let it pass: the rule of the URL
 * (or of the script it runs), and the rule of every other URL that names the same file.
 * Without rules, the request is public.
 *
 * @param rules the rules, without repeats
 */
record AccessDecision(List<AccessRule> rules) {

	static final AccessDecision PUBLIC = new AccessDecision(List.of());

	AccessDecision {
		rules = List.copyOf(rules);
	}

	boolean isPublic() {
		return this.rules.isEmpty();
	}

	boolean needsLogin() {
		return this.rules.stream().anyMatch(AccessRule::needsLogin);
	}

	boolean admitsAddress(HttpServletRequest request) {
		return this.rules.stream().allMatch((rule) -> rule.admitsAddress(request));
	}

	/**
	 * Whether a logged-in user may pass: every rule that names users names this one.
	 * @param user the user's name
	 * @return whether the user may pass
	 */
	boolean admitsUser(String user) {
		return needsLogin()
				&& this.rules.stream().filter(AccessRule::needsLogin).allMatch((rule) -> rule.admitsUser(user));
	}

}
