package org.cgiserver.paths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Whether another user can reach a file, from the permission bits the kernel checks:
 * search permission on every folder on the way, then read on a folder or execute on a
 * program. The user is taken with its primary group only, as scripts run (no
 * supplementary groups); access control lists are not read.
 *
 * @param uid the user's id
 * @param gid the user's primary group id
 */
public record UserAccess(int uid, int gid) {

	private static final int READ = 4;

	private static final int EXECUTE = 1;

	/**
	 * Finds what keeps the user from listing a folder.
	 * @param folder the folder, absolute
	 * @return the blocking path and what is missing, or {@code null} when it can be read
	 */
	public @Nullable Blocked folder(Path folder) {
		return check(folder, READ | EXECUTE, "read and search");
	}

	/**
	 * Finds what keeps the user from executing a program.
	 * @param program the program, absolute
	 * @return the blocking path and what is missing, or {@code null} when it can run
	 */
	public @Nullable Blocked program(Path program) {
		return check(program, EXECUTE, "execute");
	}

	private @Nullable Blocked check(Path target, int wanted, String what) {
		Path absolute = target.toAbsolutePath().normalize();
		Path current = absolute.getRoot();
		for (Path name : absolute) {
			if (!allows(current, EXECUTE)) {
				return new Blocked(current, "search (x)");
			}
			current = current.resolve(name);
		}
		if (!allows(current, wanted)) {
			return new Blocked(current, what);
		}
		return null;
	}

	private boolean allows(Path path, int wanted) {
		if (this.uid == 0) {
			return true;
		}
		try {
			Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,uid,gid");
			int mode = (Integer) attributes.get("mode");
			int shift = (((Integer) attributes.get("uid")) == this.uid) ? 6
					: (((Integer) attributes.get("gid")) == this.gid) ? 3 : 0;
			return ((mode >> shift) & wanted) == wanted;
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			// Without unix attributes nothing can be said: the kernel will tell at run time.
			return true;
		}
	}

	/**
	 * Where access stops.
	 *
	 * @param path the folder or file that refuses the user
	 * @param missing the permission the user lacks there
	 */
	public record Blocked(Path path, String missing) {
	}

}
