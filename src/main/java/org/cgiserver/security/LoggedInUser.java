package org.cgiserver.security;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * The user a request logged in as, for those who report on the request after the
 * security filters are done with it (the access log, which Tomcat calls after the
 * response, when only the request itself remains).
 */
public final class LoggedInUser {

	private static final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private LoggedInUser() {
	}

	/**
	 * The user's name.
	 * @param request the request
	 * @return the name, or {@code null} when the request did not log in
	 */
	public static @Nullable String of(ServletRequest request) {
		// Where the stateless filter chains keep the login of a request.
		Object context = request.getAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME);
		Authentication authentication = (context instanceof SecurityContext security) ? security.getAuthentication()
				: null;
		return (authentication != null && trust.isFullyAuthenticated(authentication)) ? authentication.getName() : null;
	}

}
