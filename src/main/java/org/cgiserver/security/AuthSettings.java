package org.cgiserver.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.cgiserver.config.AuthProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.Require;
import org.cgiserver.paths.ServedPaths;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Turns {@code cgi.auth.*} into values, refusing at start what cannot work, with the
 * property named.
 */
final class AuthSettings {

	private static final Logger logger = LoggerFactory.getLogger(AuthSettings.class);

	/** An HTTP method is a token (RFC 9110 5.6.2). */
	private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private AuthSettings() {
	}

	/**
	 * The access rules: the operator's, then the built-in ones for the actuator and the
	 * status page.
	 * @param properties the settings
	 * @param statusPage the status page's path, or {@code null} when it is off
	 * @param served what request paths serve, for the operator's rules
	 * @return the rules
	 */
	static AccessRules rules(AuthProperties properties, @Nullable String statusPage, ServedPaths served) {
		List<AccessRule> rules = new ArrayList<>();
		List<AuthProperties.Rule> configured = properties.getRules();
		for (int i = 0; i < configured.size(); i++) {
			rules.add(rule("cgi.auth.rules[" + i + "].", configured.get(i)));
		}
		// After the operator's rules, which come first and so replace these where they overlap.
		rules.add(new AccessRule(PathPatternParser.defaultInstance.parse("/actuator/health/**"), Set.of(), Set.of(),
				ClientAddresses.any()));
		ClientAddresses operators = actuatorAddresses(properties);
		rules.add(new AccessRule(PathPatternParser.defaultInstance.parse("/actuator/**"), Set.of(), Set.of(), operators));
		if (statusPage != null) {
			rules.add(new AccessRule(PathPatternParser.defaultInstance.parse(statusPage + "/**"), Set.of(), Set.of(),
					operators));
		}
		int operatorRules = configured.size();
		return new AccessRules(rules.subList(0, operatorRules), rules.subList(operatorRules, rules.size()), served);
	}

	/**
	 * Who may read the actuator and the status page when no rule of the operator's says
	 * otherwise: loopback, as Debian's Apache lets only local clients see its status, and
	 * the configured ranges.
	 */
	static ClientAddresses actuatorAddresses(AuthProperties properties) {
		List<IpAddressMatcher> others = new ArrayList<>();
		for (String range : properties.getActuatorAllowFrom()) {
			others.add(addressRange("cgi.auth.actuator-allow-from", range));
		}
		return ClientAddresses.operators(others);
	}

	private static AccessRule rule(String property, AuthProperties.Rule rule) {
		String path = rule.getPath();
		if (path == null || !path.startsWith("/")) {
			throw new InvalidConfigurationException(property + "path", path, "every rule needs a path starting with '/'");
		}
		PathPattern pattern;
		try {
			pattern = PathPatternParser.defaultInstance.parse(path);
		}
		catch (RuntimeException ex) {
			throw new InvalidConfigurationException(property + "path", path, "not a path pattern: " + ex.getMessage());
		}
		Set<String> methods = new LinkedHashSet<>();
		for (String method : rule.getMethods()) {
			if (!METHOD.matcher(method).matches()) {
				throw new InvalidConfigurationException(property + "methods", method, "not an HTTP method");
			}
			methods.add(method.toUpperCase(Locale.ROOT));
		}
		for (String user : rule.getUsers()) {
			if (user.isBlank() || user.contains(":")) {
				throw new InvalidConfigurationException(property + "users", user,
						"not a user name of an htpasswd file (or \"*\" for any user)");
			}
		}
		List<IpAddressMatcher> allowFrom = new ArrayList<>();
		for (String range : rule.getAllowFrom()) {
			allowFrom.add(addressRange(property + "allow-from", range));
		}
		return new AccessRule(pattern, methods, new LinkedHashSet<>(rule.getUsers()),
				new ClientAddresses(allowFrom, false));
	}

	private static IpAddressMatcher addressRange(String property, String range) {
		try {
			IpAddressMatcher matcher = new IpAddressMatcher(range.trim());
			matcher.matches("127.0.0.1");
			return matcher;
		}
		catch (RuntimeException ex) {
			throw new InvalidConfigurationException(property, range,
					"not an IP address or CIDR range such as 10.0.0.0/8 or ::1");
		}
	}

	/**
	 * The users file the rules need.
	 * @return the file, or {@code null} when none is set and no rule names users
	 */
	static @Nullable Path usersFile(AuthProperties properties, AccessRules rules) {
		Path file = properties.getUsersFile();
		if (file == null) {
			int index = rules.all().stream().filter(AccessRule::needsLogin).findFirst().map(rules.all()::indexOf).orElse(-1);
			if (index >= 0) {
				throw new InvalidConfigurationException("cgi.auth.users-file", "",
						"cgi.auth.rules[" + index + "].users names users, but no users file is set");
			}
			return null;
		}
		Path absolute = file.toAbsolutePath().normalize();
		if (!Files.isRegularFile(absolute) || !Files.isReadable(absolute)) {
			throw new InvalidConfigurationException("cgi.auth.users-file", absolute,
					Files.exists(absolute) ? "the server cannot read the file" : "the file does not exist");
		}
		return absolute;
	}

	/** A user named in a rule but missing from the file is most likely a typing error. */
	static void warnOfUnknownUsers(AccessRules rules, UsersFileContents users, Path file) {
		for (int i = 0; i < rules.all().size(); i++) {
			for (String user : rules.all().get(i).users()) {
				if (!user.equals(AccessRule.ANY_USER) && !users.users().contains(user)) {
					logger.warn("cgi.auth.rules[{}].users names '{}', who is not in {}", i, user, file);
				}
			}
		}
	}

	static String realm(AuthProperties properties) {
		String realm = properties.getRealm();
		if (realm.isEmpty() || realm.chars().anyMatch((c) -> c < 0x20 || c == 0x7f || c == '"' || c == '\\')) {
			throw new InvalidConfigurationException("cgi.auth.realm", realm,
					"it must not be empty nor hold quotes, backslashes or control characters");
		}
		return realm;
	}

	static LoginFailures.Limits failureLimits(AuthProperties properties) {
		if (properties.getMaxFailures() < 0) {
			throw new InvalidConfigurationException("cgi.auth.max-failures", properties.getMaxFailures(),
					"it must not be negative (0 switches blocking off)");
		}
		Duration window = Require.positive("cgi.auth.failure-window", properties.getFailureWindow());
		Duration block = Require.positive("cgi.auth.block-duration", properties.getBlockDuration());
		return new LoginFailures.Limits(properties.getMaxFailures(), window, block);
	}

}
