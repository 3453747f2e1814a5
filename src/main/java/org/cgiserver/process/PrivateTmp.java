package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.cgiserver.config.InvalidConfigurationException;

/**
 * How a run with a temporary folder of its own gets it as {@code /tmp}: in a PID
 * namespace per run, whose mount namespace is the run's alone, the folder is bound on
 * {@code /tmp} before the script starts, so a program that ignores {@code TMPDIR} still
 * writes where no other run looks, and sees nothing of theirs or of the server's.
 * It costs a shell and util-linux {@code mount} per run, so it is asked for
 * ({@code cgi.isolation.mount-tmp}); without it, or without such a namespace, the folder
 * is the run's {@code TMPDIR} only.
 *
 * @param asServer the wrapper put before such a run by the server's own user in place of
 * the namespace's alone, or empty when {@code /tmp} stays the system's
 * @param asScriptUser the same for a launcher that runs as the scripts' user, or empty
 * when no such launcher starts scripts
 * @param reason what runs see as {@code /tmp}, for the log and the actuator
 */
public record PrivateTmp(List<String> asServer, List<String> asScriptUser, String reason) {

	/** Runs share the system's {@code /tmp}; their own folder is their TMPDIR only. */
	public static final PrivateTmp SHARED = new PrivateTmp(List.of(), List.of(),
			"the system's /tmp, shared; each run's own folder is its TMPDIR");

	private static final PrivateTmp NO_FOLDERS = new PrivateTmp(List.of(), List.of(),
			"the system's /tmp, shared; runs have no folder of their own (cgi.isolation.private-tmp is false)");

	/**
	 * What a run in its namespace does before it becomes the script: its folder (in
	 * {@code TMPDIR}) is bound on {@code /tmp}, then {@code TMPDIR} says {@code /tmp}; the
	 * shell's own {@code PWD} is not handed on, as scripts started directly get none. Only
	 * shell built-ins and {@code mount} run.
	 */
	private static final String MOUNT = "%s --bind \"$TMPDIR\" /tmp || exit 1; TMPDIR=/tmp; unset PWD; ";

	/**
	 * In a user namespace the mount needs the namespace's root, which scripts must not
	 * be: a second user namespace maps that root back to the user it stands for, read from
	 * the first's maps with built-ins.
	 */
	private static final String BACK_TO_USER = "read -r _ cgiserver_uid _ < /proc/self/uid_map; "
			+ "read -r _ cgiserver_gid _ < /proc/self/gid_map; "
			+ "exec %s --user --map-user=\"$cgiserver_uid\" --map-group=\"$cgiserver_gid\" -- \"$@\"";

	/**
	 * Runs that share the system's {@code /tmp}.
	 * @param setting what runs are to get
	 * @return what they get
	 */
	static PrivateTmp shared(Setting setting) {
		return setting.folders() ? SHARED : NO_FOLDERS;
	}

	/**
	 * What the configuration asks of runs' temporary folders.
	 *
	 * @param folders whether every run gets a folder of its own
	 * @param mount whether a run in a PID namespace also gets it as {@code /tmp}
	 */
	public record Setting(boolean folders, boolean mount) {

		/** A folder for every run, as its {@code TMPDIR} only. */
		public static final Setting DEFAULT = new Setting(true, false);

		static final String PROPERTY = "cgi.isolation.mount-tmp";

		private static final Path SYSTEM_TMP = Path.of("/tmp");

		/**
		 * What runs are to get, checked against the folders and programs they start from,
		 * which a run's own {@code /tmp} would hide.
		 * @param folders whether every run gets a folder of its own
		 * @param mount whether a run in a PID namespace also gets it as {@code /tmp}
		 * @param needed the paths scripts are started from (the document root, prefixes'
		 * targets, interpreters), by the property that names each
		 * @return the setting
		 * @throws InvalidConfigurationException when the mount is asked for and one of them
		 * is under {@code /tmp}, or runs get no folder to mount
		 */
		public static Setting of(boolean folders, boolean mount, Map<String, Path> needed) {
			if (!mount) {
				return new Setting(folders, false);
			}
			if (!folders) {
				throw new InvalidConfigurationException(PROPERTY, true,
						"runs have no folder of their own to mount on /tmp: cgi.isolation.private-tmp is false");
			}
			for (Map.Entry<String, Path> path : needed.entrySet()) {
				for (Path seen : List.of(path.getValue().toAbsolutePath().normalize(), realPath(path.getValue()))) {
					if (seen.startsWith(SYSTEM_TMP)) {
						throw new InvalidConfigurationException(PROPERTY, true, path.getKey() + " (" + seen
								+ ") is under /tmp, which a run's own /tmp would hide; move it, or leave runs the system's /tmp");
					}
				}
			}
			return new Setting(true, true);
		}

		private static Path realPath(Path path) {
			try {
				return path.toRealPath();
			}
			catch (IOException ex) {
				return path.toAbsolutePath().normalize();
			}
		}

	}

	/**
	 * Whether runs get their folder as {@code /tmp}.
	 * @return {@code true} when they do
	 */
	public boolean mounted() {
		return !this.asServer.isEmpty();
	}

	/**
	 * Decides, trying the wrappers as they would be used: where two are used, both must
	 * work, or no run gets its folder as {@code /tmp}.
	 * @param unshare util-linux {@code unshare}
	 * @param pidNamespace the options that give a run its PID and mount namespaces
	 * @param privileged the namespace's wrapper as root, or {@code null} for a server that
	 * is not root
	 * @param userNamespace whether runs are also started in namespaces of an unprivileged
	 * user namespace (a server that is not root, or a spawn helper)
	 * @param userSwitch the switch to the scripts' user after the root's wrapper
	 * @param searchPath the folders {@code mount} is looked for in
	 * @return how runs get {@code /tmp}
	 */
	static PrivateTmp decide(Path unshare, List<String> pidNamespace, @Nullable List<String> privileged,
			boolean userNamespace, List<String> userSwitch, List<Path> searchPath) {
		@Nullable Path mount = WrapperPrograms.find(searchPath, "mount");
		if (mount == null) {
			throw new InvalidConfigurationException(Setting.PROPERTY, true, "util-linux 'mount' is not on PATH");
		}
		List<String> asRoot = List.of();
		if (privileged != null) {
			List<String> wrapper = new ArrayList<>(privileged);
			wrapper.addAll(List.of("/bin/sh", "-c", MOUNT.formatted(mount) + "exec \"$@\"", "sh"));
			asRoot = List.copyOf(wrapper);
		}
		List<String> asUserNamespaceRoot = List.of();
		if (userNamespace) {
			List<String> wrapper = new ArrayList<>(List.of(unshare.toString(), "--user", "--map-root-user"));
			wrapper.addAll(pidNamespace);
			wrapper.addAll(List.of("--", "/bin/sh", "-c", MOUNT.formatted(mount) + BACK_TO_USER.formatted(unshare),
					"sh"));
			asUserNamespaceRoot = List.copyOf(wrapper);
		}
		@Nullable String problem = null;
		if (privileged != null) {
			problem = probe(RunContainment.prefixed(asRoot, userSwitch));
		}
		if (problem == null && userNamespace) {
			// As the launcher that uses it runs: the spawn helper of a root server as the
			// scripts' user.
			problem = probe((privileged != null) ? RunContainment.prefixed(userSwitch, asUserNamespaceRoot)
					: asUserNamespaceRoot);
		}
		if (problem != null) {
			throw new InvalidConfigurationException(Setting.PROPERTY, true,
					"a run's folder cannot be mounted on /tmp here: " + problem);
		}
		return new PrivateTmp((privileged != null) ? asRoot : asUserNamespaceRoot, asUserNamespaceRoot,
				"each run's own folder, mounted on /tmp in its namespace");
	}

	private static @Nullable String probe(List<String> wrappers) {
		Path folder = null;
		try {
			folder = Files.createTempDirectory("cgiserver-tmp-probe-");
			// Whoever the wrappers end as must pass through it, as a run reaches its own folder.
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
			return RunContainment.probe(wrappers, Map.of("TMPDIR", folder.toString()));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "no folder to try it with: " + ex.getMessage();
		}
		finally {
			deleteQuietly(folder);
		}
	}

	private static void deleteQuietly(@Nullable Path folder) {
		if (folder != null) {
			try {
				Files.deleteIfExists(folder);
			}
			catch (IOException ex) {
				// An empty folder left in the temporary folder is harmless.
			}
		}
	}

}
