package org.cgiserver.cgi;

import java.nio.file.Files;

import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.paths.UserAccess;
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
	 * Stops the start when the scripts' user cannot reach a prefix's target.
	 * @param mappings the prefixes
	 * @param confinement the user scripts run as
	 * @throws InvalidConfigurationException naming {@code cgi.run-as}, the folder that
	 * blocks, and the ways out
	 */
	static void check(CgiMappings mappings, ProcessConfinement confinement) {
		UserAccess access = confinement.switchedUser();
		if (access == null) {
			return;
		}
		for (ScriptPrefix prefix : mappings.prefixes()) {
			if (!Files.exists(prefix.target())) {
				continue;
			}
			UserAccess.Blocked blocked = prefix.program() ? access.program(prefix.target())
					: access.folder(prefix.target());
			if (blocked != null) {
				String chmod = blocked.missing().startsWith("search") ? "o+x" : "o+rx";
				throw new InvalidConfigurationException("cgi.run-as", confinement.user(),
						"scripts run as '%s', who cannot reach %s (%s): '%s' does not grant it %s permission. "
							.formatted(confinement.user(), prefix.path(), prefix.target(), blocked.path(),
									blocked.missing())
								+ "Run the server as a regular user (scripts then run as that user), set cgi.run-as to "
								+ "a user who can reach it, or open that folder (chmod %s '%s')"
									.formatted(chmod, blocked.path()));
			}
		}
	}

}
