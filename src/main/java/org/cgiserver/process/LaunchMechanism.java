package org.cgiserver.process;

import java.util.Locale;

/**
 * Chooses how the JDK starts processes, before the first one is started.
 *
 * <p>On Linux the JDK's default (posix_spawn) goes through an extra exec of
 * {@code jspawnhelper} for every process; {@code VFORK} execs the script directly. On the
 * benchmark machine this made JDK 17 start a tiny script 1.7 times as often per second.
 * An explicit {@code -Djdk.lang.Process.launchMechanism} always wins, and JDKs after 25,
 * which may drop VFORK, keep their default.
 */
public final class LaunchMechanism {

	static final String PROPERTY = "jdk.lang.Process.launchMechanism";

	private LaunchMechanism() {
	}

	/**
	 * Prefers VFORK where it is known to work; must run before any process is started.
	 */
	public static void preferVfork() {
		if (System.getProperty(PROPERTY) == null && isLinux() && Runtime.version().feature() <= 25) {
			System.setProperty(PROPERTY, "VFORK");
		}
	}

	private static boolean isLinux() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
	}

}
