package org.cgiserver.security;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Lets a request pass when its user logged in and is one of the users its rules name.
 * Someone who did not log in is denied, and asked to; a user the rule does not name is
 * denied with 403.
 */
final class RuleUsers implements AuthorizationManager<RequestAuthorizationContext> {

	private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private final AccessRules rules;

	RuleUsers(AccessRules rules) {
		this.rules = rules;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends @Nullable Authentication> authentication,
			RequestAuthorizationContext context) {
		Authentication user = authentication.get();
		if (user == null || !this.trust.isFullyAuthenticated(user)) {
			return new AuthorizationDecision(false);
		}
		return new AuthorizationDecision(this.rules.decide(context.getRequest()).admitsUser(user.getName()));
	}

}
