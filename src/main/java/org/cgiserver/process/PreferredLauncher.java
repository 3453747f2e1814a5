package org.cgiserver.process;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks how scripts are started: through {@code posix_spawn} where the JDK (22+, which
 * loads the jar's Java 22 part) and the C library (glibc 2.34+) allow it, otherwise
 * through {@link ProcessBuilder}. When scripts run as another user, the native way starts
 * them through a spawn helper that already runs as that user. The native launchers exist
 * only in that part of the multi-release jar, so they are looked up by name, as Spring
 * looks up optional classes.
 */
final class PreferredLauncher {

	private static final Logger logger = LoggerFactory.getLogger(PreferredLauncher.class);

	static final String NATIVE_LAUNCHER = "org.cgiserver.process.PosixSpawnLauncher";

	static final String HELPER_LAUNCHER = "org.cgiserver.process.HelperLauncher";

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
	 * @param userSwitch the command that starts a program as the scripts' user, empty when
	 * they run as the server's own user
	 * @return the launcher; it {@linkplain ProcessLauncher#switchesUser() switches user}
	 * itself only when it runs scripts through the spawn helper
	 */
	static ProcessLauncher choose(boolean nativeLaunch, List<String> userSwitch) {
		if (nativeLaunch && !userSwitch.isEmpty()) {
			@Nullable ProcessLauncher helper = helper(userSwitch, HELPER_ANSWER_TIMEOUT);
			if (helper != null) {
				logger.info("Scripts are started with posix_spawn by a spawn helper running as their user (Java {})",
						Runtime.version().feature());
				return helper;
			}
		}
		@Nullable ProcessLauncher launcher = nativeLaunch
				? nativeLauncher(NATIVE_LAUNCHER, "ifSupported", MethodType.methodType(Object.class)) : null;
		if (launcher != null) {
			logger.info("Scripts are started with posix_spawn (Java {})", Runtime.version().feature());
			return launcher;
		}
		logger.info("Scripts are started with the JDK's ProcessBuilder ({})",
				nativeLaunch ? "posix_spawn needs Java 22+ and glibc 2.34+" : "cgi.native-launch is false");
		return ProcessLauncher.processBuilder();
	}

	/**
	 * A launcher that starts scripts through a spawn helper.
	 * @param userSwitch the command that starts a program as the scripts' user
	 * @param answerTimeout how long the helper may take to answer before it is replaced
	 * @return the launcher, or {@code null} when there can be no helper here
	 */
	static @Nullable ProcessLauncher helper(List<String> userSwitch, Duration answerTimeout) {
		return nativeLauncher(HELPER_LAUNCHER, "start", MethodType.methodType(Object.class, List.class, Duration.class),
				userSwitch, answerTimeout);
	}

	private static @Nullable ProcessLauncher nativeLauncher(String className, String factory, MethodType factoryType,
			Object... arguments) {
		try {
			Class<?> type = Class.forName(className, true, PreferredLauncher.class.getClassLoader());
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			Object launcher = lookup.findStatic(type, factory, factoryType.changeReturnType(type))
				.asType(factoryType)
				.invokeWithArguments(arguments);
			if (launcher == null) {
				return null;
			}
			MethodType launch = MethodType.methodType(Process.class, List.class, Map.class, Path.class);
			boolean helper = className.equals(HELPER_LAUNCHER);
			return new NativeLauncher(lookup.findVirtual(type, "launch", launch).bindTo(launcher),
					helper ? lookup.findVirtual(type, "close", MethodType.methodType(void.class)).bindTo(launcher) : null,
					helper, launcher.toString());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// The JDK reads only the jar's base part (before Java 22).
			return null;
		}
		catch (Throwable ex) {
			logger.warn("posix_spawn is not usable here, scripts are started with ProcessBuilder: {}", ex.toString());
			return null;
		}
	}

	/**
	 * The native launcher behind the seam.
	 */
	private static final class NativeLauncher implements ProcessLauncher {

		private final MethodHandle launch;

		private final @Nullable MethodHandle close;

		private final boolean switchesUser;

		private final String name;

		NativeLauncher(MethodHandle launch, @Nullable MethodHandle close, boolean switchesUser, String name) {
			this.launch = launch;
			this.close = close;
			this.switchesUser = switchesUser;
			this.name = name;
		}

		@Override
		public Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
				throws IOException {
			try {
				return (Process) this.launch.invokeExact(command, environment, workingDirectory);
			}
			catch (IOException | RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public boolean pipesReleaseCarrierThreads() {
			return false;
		}

		@Override
		public boolean switchesUser() {
			return this.switchesUser;
		}

		@Override
		public void close() {
			if (this.close != null) {
				try {
					this.close.invoke();
				}
				catch (Throwable ex) {
					logger.warn("Could not stop the {}: {}", this.name, ex.toString());
				}
			}
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
