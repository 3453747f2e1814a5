package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.cgiserver.config.InvalidConfigurationException;

/**
 * How a run's processes are kept together so that they all end with the run, decided
 * once at start.
 *
 * <p>With {@link Mechanism#PID_NAMESPACE} every run gets a PID namespace of its own
 * (util-linux {@code unshare}): the script is its first process, and when it exits, or
 * its {@code unshare} is killed, the kernel kills every other process in it, whatever
 * they did to their environment, session or parent. The namespace gets its own
 * {@code /proc}, so a script sees only its own run's processes. A root server creates it
 * before the switch to the scripts' user; a spawn helper or a server that is not root
 * needs an unprivileged user namespace around it, which maps the scripts' user to itself.
 * The namespace also has a mount namespace of its own, where a run's own temporary folder
 * can become its {@code /tmp} ({@link PrivateTmp}).
 *
 * <p>With {@link Mechanism#SWEEP}, a run's processes are found by the run's id in their
 * environment and by descent, which a script can escape by clearing its environment
 * after its parent exited.
 *
 * @param mechanism the mechanism used
 * @param reason why, for the log and the actuator
 * @param asServer the command put before a script started by the server's own user
 * (before the switch to the scripts' user, if any), empty with {@link Mechanism#SWEEP}
 * @param asScriptUser the command put before a script by a launcher that already runs as
 * the scripts' user, or empty when such a launcher cannot create the namespace (then no
 * such launcher may start scripts)
 * @param privateTmp how a run with a temporary folder of its own gets it as {@code /tmp}
 */
public record RunContainment(Mechanism mechanism, String reason, List<String> asServer, List<String> asScriptUser,
		PrivateTmp privateTmp) {

	/** What the kernel gives when nothing is probed, as in tests of other rules. */
	public static final RunContainment SWEEP = new RunContainment(Mechanism.SWEEP, "configured", List.of(),
			List.of(), PrivateTmp.SHARED);

	private static final long PROBE_SECONDS = 10;

	/**
	 * The mechanism asked for in the configuration.
	 */
	public enum Mode {

		/** A PID namespace per run where this system allows one, else the sweep. */
		AUTO,

		/** A PID namespace per run; the server does not start where it cannot create one. */
		PID_NAMESPACE,

		/** Runs' processes are found by their run id and descent. */
		SWEEP

	}

	/**
	 * A mechanism in use.
	 */
	public enum Mechanism {

		/** A PID namespace per run. */
		PID_NAMESPACE,

		/** Runs' processes are found by their run id and descent. */
		SWEEP

	}

	/**
	 * How a run with a temporary folder of its own is started: where runs' namespaces can
	 * bind it on {@code /tmp}, through the wrappers that do; otherwise as any run.
	 * @return the containment for such a run
	 */
	public RunContainment mountingTmp() {
		if (!this.privateTmp.mounted()) {
			return this;
		}
		return new RunContainment(this.mechanism, this.reason, this.privateTmp.asServer(),
				this.privateTmp.asScriptUser(), this.privateTmp);
	}

	/**
	 * Whether a launcher that runs as the scripts' user (the spawn helper) can start
	 * scripts in their namespace.
	 * @return {@code true} unless each run needs a namespace such a launcher cannot create
	 */
	public boolean allowsLauncherOfScriptUser() {
		return this.mechanism == Mechanism.SWEEP || !this.asScriptUser.isEmpty();
	}

	/**
	 * Decides the mechanism, trying the namespaces with {@code /bin/true} as they would
	 * be used.
	 * @param mode what the configuration asks for
	 * @param root whether the server runs as root
	 * @param userSwitch the command that starts a program as the scripts' user, empty when
	 * they run as the server's own user
	 * @param searchPath the folders {@code unshare} is looked for in
	 * @return the containment
	 * @throws InvalidConfigurationException when a PID namespace is asked for and cannot
	 * be had
	 */
	static RunContainment decide(Mode mode, boolean root, List<String> userSwitch, List<Path> searchPath) {
		return decide(mode, "cgi.isolation.processes", root, userSwitch, searchPath, PrivateTmp.Setting.DEFAULT);
	}

	/**
	 * Decides the mechanism for a setting of a given property.
	 * @param mode the configured mode
	 * @param property the property that asks for it, for the reason and errors
	 * @param root whether the server runs as root
	 * @param userSwitch the command that starts a program as the scripts' user, empty when
	 * they run as the server's own user
	 * @param searchPath the folders {@code unshare} is looked for in
	 * @param privateTmp what runs are to get of temporary folders
	 * @return the containment
	 * @throws InvalidConfigurationException when a PID namespace is asked for and cannot
	 * be had
	 */
	static RunContainment decide(Mode mode, String property, boolean root, List<String> userSwitch,
			List<Path> searchPath, PrivateTmp.Setting privateTmp) {
		if (mode == Mode.SWEEP) {
			return new RunContainment(Mechanism.SWEEP, property + " is sweep", List.of(), List.of(),
					PrivateTmp.shared(privateTmp));
		}
		@Nullable Path unshare = WrapperPrograms.find(searchPath, "unshare");
		if (unshare == null) {
			return refused(mode, property, "util-linux 'unshare' is not on PATH", privateTmp);
		}
		// --kill-child: when the server kills unshare (time limit, client gone, shutdown),
		// the kernel kills the namespace's first process, and with it every other.
		List<String> pidNamespace = List.of("--pid", "--fork", "--kill-child", "--mount", "--mount-proc");
		List<String> unprivileged = new ArrayList<>(List.of(unshare.toString(), "--user", "--map-current-user"));
		unprivileged.addAll(pidNamespace);
		unprivileged.add("--");
		String userProblem = probe(prefixed(userSwitch, unprivileged));
		if (!root) {
			if (userProblem != null) {
				return refused(mode, property, "a server that is not root needs an unprivileged user namespace for it, and "
						+ userProblem, privateTmp);
			}
			return new RunContainment(Mechanism.PID_NAMESPACE,
					"each run gets a PID namespace inside an unprivileged user namespace", List.copyOf(unprivileged),
					List.copyOf(unprivileged),
					privateTmp.mount() ? PrivateTmp.decide(unshare, pidNamespace, null, true, userSwitch, searchPath)
							: PrivateTmp.shared(privateTmp));
		}
		List<String> privileged = new ArrayList<>(List.of(unshare.toString()));
		privileged.addAll(pidNamespace);
		privileged.add("--");
		String rootProblem = probe(prefixed(privileged, userSwitch));
		if (rootProblem != null) {
			return refused(mode, property, rootProblem, privateTmp);
		}
		return new RunContainment(Mechanism.PID_NAMESPACE,
				(userProblem != null) ? "each run gets a PID namespace, created as root (the scripts' user cannot "
						+ "create user namespaces, so no spawn helper: " + userProblem + ")"
						: "each run gets a PID namespace", List.copyOf(privileged),
				(userProblem != null) ? List.of() : List.copyOf(unprivileged),
				privateTmp.mount() ? PrivateTmp.decide(unshare, pidNamespace, privileged, userProblem == null,
						userSwitch, searchPath) : PrivateTmp.shared(privateTmp));
	}

	private static RunContainment refused(Mode mode, String property, String problem,
			PrivateTmp.Setting privateTmp) {
		if (mode == Mode.PID_NAMESPACE) {
			throw new InvalidConfigurationException(property, "pid-namespace",
					"no PID namespace can be created here: " + problem);
		}
		return new RunContainment(Mechanism.SWEEP, "no PID namespace can be created here: " + problem, List.of(),
				List.of(), PrivateTmp.shared(privateTmp));
	}

	/**
	 * Runs {@code /bin/true} through the wrappers.
	 * @return {@code null} when it worked, else what went wrong
	 */
	private static @Nullable String probe(List<String> wrappers) {
		return probe(wrappers, Map.of());
	}

	/**
	 * Runs {@code /bin/true} through the wrappers with the given environment.
	 * @return {@code null} when it worked, else what went wrong
	 */
	static @Nullable String probe(List<String> wrappers, Map<String, String> environment) {
		List<String> command = prefixed(wrappers, List.of("/bin/true"));
		try {
			ProcessBuilder builder = new ProcessBuilder(command);
			builder.environment().putAll(environment);
			Process process = builder.redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
				.start();
			byte[] output = process.getInputStream().readNBytes(4096);
			if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return "'" + String.join(" ", command) + "' did not end within " + PROBE_SECONDS + " s";
			}
			if (process.exitValue() != 0) {
				return "'" + String.join(" ", command) + "' failed: " + new String(output).strip();
			}
			return null;
		}
		catch (IOException ex) {
			return "'" + String.join(" ", command) + "' cannot run: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while trying '" + String.join(" ", command) + "'";
		}
	}

	static List<String> prefixed(List<String> prefix, List<String> command) {
		List<String> prefixed = new ArrayList<>(prefix);
		prefixed.addAll(command);
		return prefixed;
	}

	/**
	 * For the actuator.
	 * @return the mechanism and the reason
	 */
	public Map<String, String> describe() {
		return Map.of("mechanism", this.mechanism.name().toLowerCase(Locale.ROOT).replace('_', '-'), "reason", this.reason,
				"tmp", this.privateTmp.reason());
	}

}
