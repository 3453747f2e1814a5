package org.cgiserver.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.paths.UserAccess;

/**
 * The wrappers a script is started through, decided once at start: util-linux
 * {@code prlimit} for resource limits and {@code setpriv} to drop root privileges. With
 * neither needed, scripts are started directly. A launcher that already runs as the
 * scripts' user (the spawn helper, itself started {@linkplain #asScriptUser as that
 * user}) needs only the limits. {@link #wrap} is the one place that says in which order.
 *
 * @param limitsPrefix the command put before every script's to apply the limits
 * @param userSwitch the command that starts a program as the scripts' user, empty when
 * they run as the server's own user
 * @param spawnHelper whether scripts may be started by a spawn helper that runs as their
 * user: not when it could not apply the limits, because the helper's own threads would
 * count against {@code cgi.limits.processes}, or because a limit is above the server's
 * hard limit, which only root may raise
 * @param user the user scripts run as, for information
 * @param limits the resource limits, for information
 * @param switchedUser the ids scripts run with when they run as another user than the
 * server, or {@code null} when they run as the server's own user
 * @param containment how a run's processes are kept together
 * @param launcherLimits the command put before a launcher of the scripts' user (the spawn
 * helper) when it starts, for the limits its scripts inherit from it: the open-files
 * limit, which then costs nothing per run
 * @param launcherScriptLimits the command put before every script's by such a launcher,
 * for the limits it cannot pass on (those that would bind the launcher itself)
 * @param noNewPrivileges the command that sets {@code no_new_privs} before a script of a
 * server that is not root, for launchers that cannot set it themselves (the JDK's
 * ProcessBuilder); empty when the server is root (the switch of user sets it) or when
 * util-linux {@code setpriv} is missing
 */
public record ProcessConfinement(List<String> limitsPrefix, List<String> userSwitch, boolean spawnHelper,
		String user, ResourceLimits limits, @Nullable UserAccess switchedUser, RunContainment containment,
		List<String> launcherLimits, List<String> launcherScriptLimits, List<String> noNewPrivileges) {

	/**
	 * Scripts whose limits go before their command, the spawn helper's inherited ones
	 * apart.
	 * @param limitsPrefix the command put before every script's to apply the limits
	 * @param userSwitch the command that starts a program as the scripts' user
	 * @param spawnHelper whether scripts may be started by a spawn helper
	 * @param user the user scripts run as, for information
	 * @param limits the resource limits, for information
	 * @param switchedUser the ids scripts run with, or {@code null}
	 * @param containment how a run's processes are kept together
	 * @param launcherLimits the command put before a launcher of the scripts' user
	 * @param launcherScriptLimits the command put before every script's by such a launcher
	 */
	public ProcessConfinement(List<String> limitsPrefix, List<String> userSwitch, boolean spawnHelper, String user,
			ResourceLimits limits, @Nullable UserAccess switchedUser, RunContainment containment,
			List<String> launcherLimits, List<String> launcherScriptLimits) {
		this(limitsPrefix, userSwitch, spawnHelper, user, limits, switchedUser, containment, launcherLimits,
				launcherScriptLimits, List.of());
	}

	/**
	 * Scripts whose limits all go before their command.
	 * @param limitsPrefix the command put before every script's to apply the limits
	 * @param userSwitch the command that starts a program as the scripts' user
	 * @param spawnHelper whether scripts may be started by a spawn helper
	 * @param user the user scripts run as, for information
	 * @param limits the resource limits, for information
	 * @param switchedUser the ids scripts run with, or {@code null}
	 * @param containment how a run's processes are kept together
	 */
	public ProcessConfinement(List<String> limitsPrefix, List<String> userSwitch, boolean spawnHelper, String user,
			ResourceLimits limits, @Nullable UserAccess switchedUser, RunContainment containment) {
		this(limitsPrefix, userSwitch, spawnHelper, user, limits, switchedUser, containment, List.of(), limitsPrefix);
	}

	/**
	 * Scripts whose processes are found by the sweep.
	 * @param limitsPrefix the command put before every script's to apply the limits
	 * @param userSwitch the command that starts a program as the scripts' user
	 * @param spawnHelper whether scripts may be started by a spawn helper
	 * @param user the user scripts run as, for information
	 * @param limits the resource limits, for information
	 * @param switchedUser the ids scripts run with, or {@code null}
	 */
	public ProcessConfinement(List<String> limitsPrefix, List<String> userSwitch, boolean spawnHelper, String user,
			ResourceLimits limits, @Nullable UserAccess switchedUser) {
		this(limitsPrefix, userSwitch, spawnHelper, user, limits, switchedUser, RunContainment.SWEEP);
	}

	/**
	 * Scripts confined to the server's own user.
	 * @param limitsPrefix the command put before every script's to apply the limits
	 * @param user the user scripts run as, for information
	 * @param limits the resource limits, for information
	 */
	public ProcessConfinement(List<String> limitsPrefix, String user, ResourceLimits limits) {
		this(limitsPrefix, List.of(), false, user, limits, null);
	}

	/**
	 * Decides the wrappers from the configuration and the server's own user.
	 * @param runAs the configured {@code cgi.run-as}, or {@code null}
	 * @param limits the resource limits
	 * @param serverUser the server's user
	 * @return the confinement
	 * @throws InvalidConfigurationException when the configuration cannot be carried out
	 */
	public static ProcessConfinement from(@Nullable String runAs, ResourceLimits limits, ServerUser serverUser) {
		return from(runAs, limits, RunContainment.Mode.SWEEP, serverUser);
	}

	/**
	 * Decides the wrappers from the configuration and the server's own user.
	 * @param runAs the configured {@code cgi.run-as}, or {@code null}
	 * @param limits the resource limits
	 * @param containment how runs' processes are to be kept together
	 * @param serverUser the server's user
	 * @return the confinement
	 * @throws InvalidConfigurationException when the configuration cannot be carried out
	 */
	public static ProcessConfinement from(@Nullable String runAs, ResourceLimits limits,
			RunContainment.Mode containment, ServerUser serverUser) {
		return from(runAs, limits, containment, serverUser, WrapperPrograms.searchPath(System.getenv("PATH")),
				HardLimits.current());
	}

	/**
	 * Decides the wrappers of runs whose processes are found by the sweep, looking for
	 * them in the given folders.
	 * @param runAs the configured {@code cgi.run-as}, or {@code null}
	 * @param limits the resource limits
	 * @param serverUser the server's user
	 * @param searchPath the folders the wrappers are looked for in, in order
	 * @param hardLimits the server's hard limits
	 * @return the confinement
	 * @throws InvalidConfigurationException when the configuration cannot be carried out
	 */
	static ProcessConfinement from(@Nullable String runAs, ResourceLimits limits, ServerUser serverUser,
			List<Path> searchPath, HardLimits hardLimits) {
		return from(runAs, limits, RunContainment.Mode.SWEEP, serverUser, searchPath, hardLimits);
	}

	/**
	 * Decides the wrappers, looking for them in the given folders.
	 * @param runAs the configured {@code cgi.run-as}, or {@code null}
	 * @param limits the resource limits
	 * @param containmentMode how runs' processes are to be kept together
	 * @param serverUser the server's user
	 * @param searchPath the folders the wrappers are looked for in, in order
	 * @param hardLimits the server's hard limits
	 * @return the confinement
	 * @throws InvalidConfigurationException when the configuration cannot be carried out
	 */
	static ProcessConfinement from(@Nullable String runAs, ResourceLimits limits,
			RunContainment.Mode containmentMode, ServerUser serverUser, List<Path> searchPath, HardLimits hardLimits) {
		return from(runAs, "cgi.run-as", limits, containmentMode, "cgi.isolation.processes", serverUser, searchPath,
				hardLimits, PrivateTmp.Setting.DEFAULT);
	}

	/**
	 * Decides the wrappers of one user and way of keeping processes together, as the
	 * given properties ask for them.
	 * @param runAs the configured user, or {@code null}
	 * @param runAsProperty the property that names the user, for errors
	 * @param limits the resource limits
	 * @param containmentMode how runs' processes are to be kept together
	 * @param containmentProperty the property that asks for it, for errors
	 * @param serverUser the server's user
	 * @return the confinement
	 * @throws InvalidConfigurationException when the configuration cannot be carried out
	 */
	static ProcessConfinement from(@Nullable String runAs, String runAsProperty, ResourceLimits limits,
			RunContainment.Mode containmentMode, String containmentProperty, ServerUser serverUser) {
		return from(runAs, runAsProperty, limits, containmentMode, containmentProperty, serverUser,
				PrivateTmp.Setting.DEFAULT);
	}

	/**
	 * Decides the wrappers as {@link #from(String, String, ResourceLimits,
	 * RunContainment.Mode, String, ServerUser)} does, for runs that may or may not get a
	 * temporary folder of their own.
	 * @param runAs the configured user, or {@code null}
	 * @param runAsProperty the property that names the user, for errors
	 * @param limits the resource limits
	 * @param containmentMode how runs' processes are to be kept together
	 * @param containmentProperty the property that asks for it, for errors
	 * @param serverUser the server's user
	 * @param privateTmp what runs are to get of temporary folders
	 * @return the confinement
	 * @throws InvalidConfigurationException when the configuration cannot be carried out
	 */
	static ProcessConfinement from(@Nullable String runAs, String runAsProperty, ResourceLimits limits,
			RunContainment.Mode containmentMode, String containmentProperty, ServerUser serverUser,
			PrivateTmp.Setting privateTmp) {
		return from(runAs, runAsProperty, limits, containmentMode, containmentProperty, serverUser,
				WrapperPrograms.searchPath(System.getenv("PATH")), HardLimits.current(), privateTmp);
	}

	private static ProcessConfinement from(@Nullable String runAs, String runAsProperty, ResourceLimits limits,
			RunContainment.Mode containmentMode, String containmentProperty, ServerUser serverUser,
			List<Path> searchPath, HardLimits hardLimits, PrivateTmp.Setting privateTmp) {
		List<String> limitsPrefix = new ArrayList<>();
		addLimits(limits, limitsPrefix, searchPath);
		ResourceLimits notInherited = new ResourceLimits(limits.cpuSeconds(), limits.memoryBytes(), limits.processes(),
				null);
		List<String> launcherScriptLimits = new ArrayList<>();
		addLimits(notInherited, launcherScriptLimits, searchPath);
		List<String> launcherLimits = new ArrayList<>();
		addLimits(new ResourceLimits(null, null, null, limits.openFiles()), launcherLimits, searchPath);
		List<String> userSwitch = List.of();
		String user;
		UserAccess switchedUser = null;
		if (serverUser.root()) {
			String name = (runAs != null) ? runAs : "nobody";
			Account account = Account.lookup(name)
				.orElseThrow(() -> new InvalidConfigurationException(runAsProperty, name, "there is no such user"));
			if (account.uid() == 0) {
				throw new InvalidConfigurationException(runAsProperty, name, "scripts must never run as root");
			}
			String setpriv = WrapperPrograms.require(searchPath, "setpriv", runAsProperty, name,
					"the server runs as root, and dropping to another user needs util-linux 'setpriv' on PATH");
			// no_new_privs: no set-user-id program takes a script (or the spawn helper) back up.
			userSwitch = List.of(setpriv, "--reuid=" + account.uid(), "--regid=" + account.gid(), "--clear-groups",
					"--no-new-privs", "--");
			user = name;
			switchedUser = new UserAccess(account.uid(), account.gid());
		}
		else {
			if (runAs != null && !runAs.equals(serverUser.name())) {
				throw new InvalidConfigurationException(runAsProperty, runAs,
						"the server runs as '" + serverUser.name()
								+ "', not root, so scripts can only run as that user; remove the setting or run the server as root");
			}
			user = serverUser.name();
		}
		RunContainment containment = RunContainment.decide(containmentMode, containmentProperty, serverUser.root(),
				userSwitch, searchPath, privateTmp);
		boolean spawnHelper = !userSwitch.isEmpty() && limits.processes() == null && hardLimits.allow(limits)
				&& containment.allowsLauncherOfScriptUser();
		// A root server's switch of user sets it; a launcher that cannot set it itself gets
		// it from setpriv, where there is one (it is util-linux's, as prlimit and unshare).
		@Nullable Path setpriv = serverUser.root() ? null : WrapperPrograms.find(searchPath, "setpriv");
		List<String> noNewPrivileges = (setpriv != null) ? List.of(setpriv.toString(), "--no-new-privs", "--")
				: List.of();
		return new ProcessConfinement(List.copyOf(limitsPrefix), userSwitch, spawnHelper, user, limits, switchedUser,
				containment, List.copyOf(launcherLimits), List.copyOf(launcherScriptLimits), noNewPrivileges);
	}

	private static void addLimits(ResourceLimits limits, List<String> prefix, List<Path> searchPath) {
		List<String> options = new ArrayList<>();
		if (limits.cpuSeconds() != null) {
			// The soft limit sends SIGXCPU, which a script may catch to clean up; the hard
			// limit a second later sends SIGKILL.
			options.add("--cpu=" + limits.cpuSeconds() + ":" + (limits.cpuSeconds() + 1));
		}
		if (limits.memoryBytes() != null) {
			options.add("--as=" + limits.memoryBytes());
		}
		if (limits.processes() != null) {
			options.add("--nproc=" + limits.processes());
		}
		if (limits.openFiles() != null) {
			options.add("--nofile=" + limits.openFiles());
		}
		if (!options.isEmpty()) {
			prefix.add(WrapperPrograms.require(searchPath, "prlimit", "cgi.limits", String.join(" ", options),
					"resource limits need util-linux 'prlimit' on PATH (scripts may have 1024 open files unless "
							+ "cgi.limits.open-files is set empty, which keeps the server's own limit)"));
			prefix.addAll(options);
			prefix.add("--");
		}
	}

	/**
	 * Wraps a script's command: the limits first, applied by the server's own user (only
	 * root may raise a hard limit above the server's), then the run's namespace (created
	 * by root before the switch, or by the scripts' user in a user namespace of its own),
	 * then the switch to the scripts' user, then the script.
	 * @param command the script's command
	 * @param launcherSwitchesUser whether the launcher already runs as the scripts' user
	 * @return the command to start
	 */
	public List<String> wrap(List<String> command, boolean launcherSwitchesUser) {
		return wrap(command, launcherSwitchesUser, true);
	}

	/**
	 * Wraps a script's command as {@link #wrap(List, boolean)} does, and, for a launcher
	 * that cannot set {@code no_new_privs} itself, puts the command that sets it before
	 * the run's namespace.
	 * @param command the script's command
	 * @param launcherSwitchesUser whether the launcher already runs as the scripts' user
	 * @param launcherSetsNoNewPrivileges whether the launcher sets {@code no_new_privs}
	 * @return the command to start
	 */
	public List<String> wrap(List<String> command, boolean launcherSwitchesUser, boolean launcherSetsNoNewPrivileges) {
		if (launcherSwitchesUser) {
			return prefixed(this.launcherScriptLimits, prefixed(this.containment.asScriptUser(), command));
		}
		List<String> contained = prefixed(this.containment.asServer(), asScriptUser(command));
		if (!launcherSetsNoNewPrivileges) {
			contained = prefixed(this.noNewPrivileges, contained);
		}
		return prefixed(this.limitsPrefix, contained);
	}

	/**
	 * The confinement of a run that has a temporary folder of its own: where runs'
	 * namespaces can bind it on {@code /tmp}, with the wrappers that do.
	 * @return the confinement for such a run
	 */
	public ProcessConfinement mountingTmp() {
		RunContainment mounting = this.containment.mountingTmp();
		if (mounting == this.containment) {
			return this;
		}
		return new ProcessConfinement(this.limitsPrefix, this.userSwitch, this.spawnHelper, this.user, this.limits,
				this.switchedUser, mounting, this.launcherLimits, this.launcherScriptLimits, this.noNewPrivileges);
	}

	/**
	 * A program of the server's own run as the scripts' user, without their limits.
	 * @param command the program's command
	 * @return the command to start
	 */
	public List<String> asScriptUser(List<String> command) {
		return prefixed(this.userSwitch, command);
	}

	/**
	 * A launcher of scripts, the spawn helper, run as the scripts' user with the limits
	 * its scripts inherit from it.
	 * @param command the launcher's command
	 * @return the command to start
	 */
	public List<String> asScriptLauncher(List<String> command) {
		return prefixed(this.launcherLimits, asScriptUser(command));
	}

	private static List<String> prefixed(List<String> prefix, List<String> command) {
		if (prefix.isEmpty()) {
			return command;
		}
		List<String> prefixed = new ArrayList<>(prefix.size() + command.size());
		prefixed.addAll(prefix);
		prefixed.addAll(command);
		return prefixed;
	}

}
