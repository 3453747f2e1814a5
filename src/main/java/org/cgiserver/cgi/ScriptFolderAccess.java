package org.cgiserver.cgi;

import java.nio.file.Files;

import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.paths.UserAccess;
import org.cgiserver.process.Confinements;
import org.cgiserver.process.ProcessConfinement;

/**
 * Checks at start that the user scripts run as can reach every prefix's folder or
 * program. A server started as root in a private folder (a home folder of mode 0700)
 * would otherwise answer every script with an error that only the log explains.
 */
final class ScriptFolderAccess {

	private ScriptFolderAccess() {
	}

	/**
	 * Stops the start when a prefix's scripts' user cannot reach its target.
	 * @param mappings the prefixes
	 * @param confinements the users scripts run as
	 * @throws InvalidConfigurationException naming {@code cgi.run-as} (or the prefix's
	 * own), the folder that blocks, and the ways out
	 */
	static void check(CgiMappings mappings, Confinements confinements) {
		for (ScriptPrefix prefix : mappings.prefixes()) {
			ProcessConfinement confinement = confinements.of(prefix.policy());
			UserAccess access = confinement.switchedUser();
			if (access == null || !Files.exists(prefix.target())) {
				continue;
			}
			String property = (prefix.policy().runAs() != null) ? "cgi.prefixes[].run-as of " + prefix.path()
					: "cgi.run-as";
			UserAccess.Blocked blocked = prefix.program() ? access.program(prefix.target())
					: access.folder(prefix.target());
			if (blocked != null) {
				String chmod = blocked.missing().startsWith("search") ? "o+x" : "o+rx";
				throw new InvalidConfigurationException(property, confinement.user(),
						"scripts run as '%s', who cannot reach %s (%s): '%s' does not grant it %s permission. "
							.formatted(confinement.user(), prefix.path(), prefix.target(), blocked.path(),
									blocked.missing())
								+ "Run the server as a regular user (scripts then run as that user), set " + property + " to "
								+ "a user who can reach it, or open that folder (chmod %s '%s')"
									.formatted(chmod, blocked.path()));
			}
		}
	}

}
