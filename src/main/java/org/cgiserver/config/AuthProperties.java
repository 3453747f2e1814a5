package org.cgiserver.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call what, bound from {@code cgi.auth.*}: access rules over the whole URL space
 * and HTTP Basic authentication from an Apache htpasswd file.
 */
@ConfigurationProperties("cgi.auth")
public class AuthProperties {

	/**
	 * Realm named in the Basic challenge; browsers show it in their login prompt.
	 */
	private String realm = "cgiserver";

	/**
	 * Apache htpasswd file of the users that rules name (bcrypt, APR1-MD5, SHA-1,
	 * SHA-256/512-crypt hashes); re-read when it changes.
	 */
	private @Nullable Path usersFile;

	/**
	 * Access rules, tried in order: the first whose path (and methods) match decides. A
	 * URL that no rule matches is public.
	 */
	private List<Rule> rules = new ArrayList<>();

	/**
	 * Client addresses or CIDR ranges, besides loopback, that may read the actuator, see
	 * health details and open the status page when no rule of cgi.auth.rules covers their
	 * paths; other clients get the health status only. They reach the management port
	 * only where management.server.address lets it listen (loopback by default).
	 */
	private List<String> actuatorAllowFrom = new ArrayList<>();

	/**
	 * Failed logins from one client address, within failure-window, after which the
	 * address is answered 429 on paths that need a login; 0 switches blocking off.
	 */
	private int maxFailures = 10;

	/**
	 * Time over which a client address's failed logins are counted.
	 */
	private Duration failureWindow = Duration.ofMinutes(5);

	/**
	 * How long a client address that reached max-failures is answered 429.
	 */
	private Duration blockDuration = Duration.ofMinutes(5);

	public String getRealm() {
		return this.realm;
	}

	public void setRealm(String realm) {
		this.realm = realm;
	}

	public @Nullable Path getUsersFile() {
		return this.usersFile;
	}

	public void setUsersFile(@Nullable Path usersFile) {
		this.usersFile = usersFile;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	public List<String> getActuatorAllowFrom() {
		return this.actuatorAllowFrom;
	}

	public void setActuatorAllowFrom(List<String> actuatorAllowFrom) {
		this.actuatorAllowFrom = actuatorAllowFrom;
	}

	public int getMaxFailures() {
		return this.maxFailures;
	}

	public void setMaxFailures(int maxFailures) {
		this.maxFailures = maxFailures;
	}

	public Duration getFailureWindow() {
		return this.failureWindow;
	}

	public void setFailureWindow(Duration failureWindow) {
		this.failureWindow = failureWindow;
	}

	public Duration getBlockDuration() {
		return this.blockDuration;
	}

	public void setBlockDuration(Duration blockDuration) {
		this.blockDuration = blockDuration;
	}

	/**
	 * One access rule.
	 */
	public static class Rule {

		/**
		 * Spring path pattern of the URLs the rule covers, such as /git/** or
		 * /actuator/health/**.
		 */
		private @Nullable String path;

		/**
		 * HTTP methods the rule applies to; empty means every method.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * Users of the users file who may pass ("*" for any of them); empty means no
		 * login is needed.
		 */
		private List<String> users = new ArrayList<>();

		/**
		 * Client addresses or CIDR ranges that may pass; others get 403. Empty means any
		 * address.
		 */
		private List<String> allowFrom = new ArrayList<>();

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public List<String> getUsers() {
			return this.users;
		}

		public void setUsers(List<String> users) {
			this.users = users;
		}

		public List<String> getAllowFrom() {
			return this.allowFrom;
		}

		public void setAllowFrom(List<String> allowFrom) {
			this.allowFrom = allowFrom;
		}

	}

}
