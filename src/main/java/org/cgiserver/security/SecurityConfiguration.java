package org.cgiserver.security;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.cgiserver.config.AuthProperties;
import org.cgiserver.config.Require;
import org.cgiserver.config.StatusPageProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.paths.ServedPaths;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.Http403ForbiddenEntryPoint;
import org.springframework.security.web.firewall.DefaultHttpFirewall;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Access rules and Basic authentication on Spring Security.
 *
 * <p>Three filter chains, each for the requests it concerns, in this order: a client
 * address blocked for failed logins gets 429 on paths that need a login; an address
 * outside a deciding rule's {@code allow-from} gets 403; a path whose rules name users
 * needs a Basic login. Every other request passes no security filter at all: public paths, and
 * every path when no rule is set, are served as without Spring Security. Nothing else of
 * Spring Security is on: no session, no CSRF token, no login page, no response headers
 * of its own, so scripts' and static files' headers reach clients unchanged.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	AccessRules accessRules(AuthProperties properties, StatusPageProperties statusPage, ServedPaths served) {
		return AuthSettings.rules(properties,
				statusPage.isEnabled() ? Require.urlPath("cgi.status-page.path", statusPage.getPath()) : null, served);
	}

	@Bean
	HealthDetailsForTrustedClients healthDetailsForTrustedClients(AuthProperties properties) {
		return new HealthDetailsForTrustedClients(AuthSettings.actuatorAddresses(properties));
	}

	@Bean
	LoginFailures loginFailures(AuthProperties properties) {
		return new LoginFailures(AuthSettings.failureLimits(properties), Clock.systemUTC());
	}

	/**
	 * The only authentication the server knows; being a bean, it also keeps Spring Boot
	 * from making a default user with a generated password.
	 */
	@Bean
	DaoAuthenticationProvider htpasswdAuthentication(AuthProperties properties, AccessRules rules) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new HtpasswdUsers(usersFile(properties, rules)));
		provider.setPasswordEncoder(new HtpasswdPasswordEncoder());
		return provider;
	}

	private static Supplier<UsersFileContents> usersFile(AuthProperties properties, AccessRules rules) {
		Path path = AuthSettings.usersFile(properties, rules);
		if (path == null) {
			return () -> UsersFileContents.NOBODY;
		}
		try {
			UsersFile file = UsersFile.open(path);
			AuthSettings.warnOfUnknownUsers(rules, file.contents(), path);
			return file::contents;
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException("cgi.auth.users-file", path,
					"the file cannot be read (" + ex.getMessage() + ")");
		}
	}

	@Bean
	@Order(1)
	SecurityFilterChain blockedClients(HttpSecurity http, AccessRules rules, LoginFailures failures) throws Exception {
		RequestMatcher blocked = (request) -> {
			return rules.decide(request).needsLogin() && failures.blockedFor(request.getRemoteAddr()) != null;
		};
		return onlyFor(http, blocked).authorizeHttpRequests((requests) -> requests.anyRequest().denyAll())
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(new TooManyFailures(failures)))
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain refusedAddresses(HttpSecurity http, AccessRules rules) throws Exception {
		RequestMatcher refused = (request) -> {
			return !rules.decide(request).admitsAddress(request);
		};
		return onlyFor(http, refused).authorizeHttpRequests((requests) -> requests.anyRequest().denyAll())
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(new Http403ForbiddenEntryPoint()))
			.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain logins(HttpSecurity http, AccessRules rules, LoginFailures failures,
			AuthProperties properties) throws Exception {
		RequestMatcher needsLogin = (request) -> {
			return rules.decide(request).needsLogin();
		};
		BasicChallenge challenge = new BasicChallenge(AuthSettings.realm(properties), failures);
		return onlyFor(http, needsLogin)
			.authorizeHttpRequests((requests) -> requests.anyRequest().access(new RuleUsers(rules)))
			.httpBasic((basic) -> basic.authenticationEntryPoint(challenge))
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(challenge))
			.build();
	}

	/**
	 * A chain for the requests, first and local-redirected (forwarded) ones, that the
	 * matcher picks, with nothing on that a CGI server does not want.
	 */
	private static HttpSecurity onlyFor(HttpSecurity http, RequestMatcher matcher) throws Exception {
		RequestMatcher dispatched = (request) -> isRequestOrForward(request) && matcher.matches(request);
		return http.securityMatcher(dispatched)
			.csrf((csrf) -> csrf.disable())
			.headers((headers) -> headers.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
	}

	private static boolean isRequestOrForward(HttpServletRequest request) {
		DispatcherType type = request.getDispatcherType();
		return type == DispatcherType.REQUEST || type == DispatcherType.FORWARD;
	}

	/**
	 * Spring Security would time every request, secured or not, as observations of its
	 * own: a cost on every static file and script for metrics that Boot's
	 * {@code http.server.requests} and {@code cgi.runs} already give.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Tomcat has decoded and normalized the path the rules match, and rejects what it
	 * cannot map: Spring Security's stricter default would refuse requests (an encoded
	 * '%', a ';', methods such as PROPFIND) that scripts are entitled to see.
	 */
	@Bean
	WebSecurityCustomizer containerFirewall() {
		DefaultHttpFirewall firewall = new DefaultHttpFirewall();
		firewall.setAllowUrlEncodedSlash(true);
		return (web) -> web.httpFirewall(firewall);
	}

}
