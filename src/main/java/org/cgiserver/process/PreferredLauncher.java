package org.cgiserver.process;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks how scripts are started: through {@code posix_spawn} where the JDK (22+, which
 * loads the jar's Java 22 part) and the C library (glibc 2.34+) allow it, otherwise
 * through {@link ProcessBuilder}. When scripts run as another user, the native way starts
 * them through a spawn helper that already runs as that user. The native launchers come
 * from the Java 22 part, through {@link NativeSpawning}.
 */
final class PreferredLauncher {

	private static final Logger logger = LoggerFactory.getLogger(PreferredLauncher.class);

	/** How long a spawn helper may take to answer before it is replaced. */
	static final Duration HELPER_ANSWER_TIMEOUT = Duration.ofSeconds(10);

	private PreferredLauncher() {
	}

	/**
	 * The launcher to use for scripts that run as the server's own user.
	 * @param nativeLaunch whether the native launcher may be used
	 * @return the launcher
	 */
	static ProcessLauncher choose(boolean nativeLaunch) {
		return choose(nativeLaunch, List.of());
	}

	/**
	 * The launcher to use.
	 * @param nativeLaunch whether the native launcher may be used
	 * @param confinement the scripts' confinement: a spawn helper is started when it
	 * {@linkplain ProcessConfinement#spawnHelper() allows one}; {@code null} for none
	 * @return the launcher
	 */
	static ProcessLauncher choose(boolean nativeLaunch, @Nullable ProcessConfinement confinement) {
		return choose(nativeLaunch, (confinement != null) ? List.of(confinement) : List.of());
	}

	/**
	 * The launcher to use for runs of several confinements: one spawn helper for each
	 * user whose confinement {@linkplain ProcessConfinement#spawnHelper() allows one},
	 * each handing the scripts of other users on to the next.
	 * @param nativeLaunch whether the native launcher may be used
	 * @param confinements the runs' confinements
	 * @return the launcher
	 */
	static ProcessLauncher choose(boolean nativeLaunch, Collection<ProcessConfinement> confinements) {
		@Nullable ProcessLauncher direct = nativeLaunch ? NativeSpawning.direct() : null;
		if (direct != null) {
			ProcessLauncher launcher = direct;
			Set<List<String>> helped = new HashSet<>();
			for (ProcessConfinement confinement : confinements) {
				if (!confinement.spawnHelper() || !helped.add(confinement.userSwitch())) {
					continue;
				}
				@Nullable ProcessLauncher helper = NativeSpawning.throughHelper(confinement, HELPER_ANSWER_TIMEOUT,
						launcher);
				if (helper != null) {
					logger.info("Scripts of '{}' are started with posix_spawn by a spawn helper running as that user "
							+ "(Java {})", confinement.user(), Runtime.version().feature());
					launcher = helper;
				}
			}
			if (launcher != direct) {
				return launcher;
			}
		}
		if (direct != null) {
			logger.info("Scripts are started with posix_spawn (Java {})", Runtime.version().feature());
			return direct;
		}
		logger.info("Scripts are started with the JDK's ProcessBuilder ({})",
				nativeLaunch ? "posix_spawn needs Java 22+ and glibc 2.34+" : "cgi.native-launch is false");
		return ProcessLauncher.processBuilder();
	}

}
