package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.paths.UserAccess;

/**
 * A temporary folder of its own for every run, given to the script as {@code TMPDIR} and
 * emptied of whatever it holds when the run ends.
 *
 * <p>The runs' folders live in one folder of the server's ({@code cgiserver-runs-PID-RANDOM} in
 * the JVM's temporary folder), which the scripts' user may pass through but not list, and
 * each has a random name of 128 bits and belongs to the scripts' user alone: a script
 * cannot find or read another run's files, provided they run as different users or the
 * scripts' user is not the server's. Emptying works through descriptors of the folders it
 * empties, so a process left over from the run cannot make it follow a link elsewhere; only
 * a server that is not root, whose scripts run as its own user, gives a folder the run made
 * unreadable back to itself by its path.
 *
 * <p>An emptied folder is kept for a later run of the same user and renamed to a fresh
 * random name when it is handed out: removing a folder costs the file system far more
 * than renaming one (about 2 ms against 30 µs on an ext4 mounted with {@code discard},
 * which would halve the CGI hello rate), and the new name is as unguessable as a new
 * folder's. It is handed back only once no process of its run is known to be left: at
 * once when its PID namespace ended with its first process, after the sweep found none of
 * them otherwise. A run the server stopped in a PID namespace, whose processes may still
 * be dying, has its folder removed instead.
 */
final class RunTemporaryFolders implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RunTemporaryFolders.class);

	private static final String PREFIX = "cgiserver-runs-";

	private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-[0-9a-f]+");

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Emptied folders kept for later runs, per user: enough for a busy second's runs. */
	static final int SPARES_PER_USER = 1024;

	private final Path parent;

	private final boolean byPath;

	private final Map<Long, BlockingDeque<Path>> spares = new ConcurrentHashMap<>();

	private RunTemporaryFolders(Path parent, boolean byPath) {
		this.parent = parent;
		this.byPath = byPath;
	}

	/**
	 * Creates the folder of the runs' folders, after removing those of servers that no
	 * longer run.
	 * @param temporary the folder to create it in
	 * @return the folders
	 * @throws IOException when it cannot be created
	 */
	static RunTemporaryFolders create(Path temporary) throws IOException {
		removeLeftovers(temporary);
		// Random too: several servers may run in one JVM, as in tests.
		Path parent = temporary.resolve(PREFIX + ProcessHandle.current().pid() + "-" + randomName(8));
		Files.createDirectory(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
		return new RunTemporaryFolders(parent, !ServerUser.current().root());
	}

	/**
	 * Gives a run its folder: a kept one under a new name, or a new one.
	 * @param owner the ids of the run's user when it is another user than the server,
	 * else {@code null}
	 * @return its path
	 * @throws IOException when it cannot be created
	 */
	Path take(@Nullable UserAccess owner) throws IOException {
		BlockingDeque<Path> spares = this.spares.get(key(owner));
		Path spare = (spares != null) ? spares.pollFirst() : null;
		while (spare != null) {
			Path renamed = this.parent.resolve(randomName(16));
			try {
				return Files.move(spare, renamed, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				removeQuietly(spare);
				spare = spares.pollFirst();
			}
		}
		Path folder = this.parent.resolve(randomName(16));
		Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		if (owner != null) {
			try {
				PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class,
						LinkOption.NOFOLLOW_LINKS);
				Files.setAttribute(folder, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
				Files.setAttribute(folder, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
				view.setPermissions(PosixFilePermissions.fromString("rwx------"));
			}
			catch (IOException | RuntimeException ex) {
				removeQuietly(folder);
				throw ex;
			}
		}
		return folder;
	}

	/**
	 * Removes a run's folder and everything in it.
	 * @param folder the folder
	 */
	void removeQuietly(Path folder) {
		try {
			remove(folder, this.byPath);
		}
		catch (NoSuchFileException ex) {
			// Removed already, as when the server stops while a run ends.
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not remove the temporary folder {} of a finished run: {}", folder, ex.toString());
		}
	}

	/**
	 * Empties a run's folder and keeps it for a later run of the same user, or removes it
	 * when enough are kept. Called once no process of the run is left.
	 * @param folder the folder
	 * @param owner the ids it was created for, or {@code null}
	 */
	void release(Path folder, @Nullable UserAccess owner) {
		try {
			emptyFolder(folder, this.byPath);
			if (this.spares.computeIfAbsent(key(owner), (user) -> new LinkedBlockingDeque<>(SPARES_PER_USER))
				.offerFirst(folder)) {
				return;
			}
		}
		catch (NoSuchFileException ex) {
			// Removed already, as when the server stops while a run ends.
			return;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not empty the temporary folder {} for a later run: {}", folder, ex.toString());
		}
		removeQuietly(folder);
	}

	private static long key(@Nullable UserAccess owner) {
		return (owner != null) ? ((long) owner.uid() << 32) | (owner.gid() & 0xffffffffL) : -1;
	}

	/**
	 * Removes every run's folder, and theirs: the server stops.
	 */
	@Override
	public void close() {
		removeQuietly(this.parent);
	}

	private static String randomName(int bytes) {
		byte[] name = new byte[bytes];
		RANDOM.nextBytes(name);
		return HexFormat.of().formatHex(name);
	}

	private static void remove(Path folder, boolean byPath) throws IOException {
		emptyFolder(folder, byPath);
		Files.delete(folder);
	}

	/**
	 * Empties a folder of the server's, a run's or the runs' own, and leaves it its
	 * owner's alone (mode 0700) whatever the run did to it. The folder itself is changed by
	 * its path: its parent is the server's, where no run can put a link in its place.
	 */
	private static void emptyFolder(Path folder, boolean byPath) throws IOException {
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
			if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
				throw new IOException("this system cannot empty folders through descriptors");
			}
			empty(secure, folder, byPath);
		}
	}

	private static void empty(SecureDirectoryStream<Path> folder, Path path, boolean byPath) throws IOException {
		for (Path entry : folder) {
			Path name = entry.getFileName();
			BasicFileAttributes attributes = folder
				.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
				.readAttributes();
			if (attributes.isDirectory()) {
				PosixFileAttributeView view = folder.getFileAttributeView(name, PosixFileAttributeView.class,
						LinkOption.NOFOLLOW_LINKS);
				// A folder the run made unreadable to its owner still goes, as the server's own.
				makeOpenable(view, path.resolve(name), byPath);
				try (SecureDirectoryStream<Path> inner = folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
					empty(inner, path.resolve(name), byPath);
				}
				folder.deleteDirectory(name);
			}
			else {
				folder.deleteFile(name);
			}
		}
	}

	/**
	 * Gives a folder of a run back to its owner: through a descriptor where the server may
	 * open it (root may open any), else by its path, which only a server that is not root
	 * needs, whose scripts run as its own user and could change the mode themselves.
	 */
	private static void makeOpenable(PosixFileAttributeView view, Path path, boolean byPath) throws IOException {
		try {
			view.setPermissions(PosixFilePermissions.fromString("rwx------"));
		}
		catch (AccessDeniedException ex) {
			if (!byPath) {
				throw ex;
			}
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
		}
	}

	private static void removeLeftovers(Path temporary) {
		try (DirectoryStream<Path> folders = Files.newDirectoryStream(temporary, PREFIX + "*")) {
			for (Path folder : folders) {
				Matcher matcher = NAME.matcher(folder.getFileName().toString());
				if (matcher.matches() && !running(Long.parseLong(matcher.group(1)))
						&& Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
					remove(folder, !ServerUser.current().root());
					logger.info("Removed {}, left by a server that stopped", folder);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not look for runs' temporary folders left in {}: {}", temporary, ex.toString());
		}
	}

	private static boolean running(long pid) {
		return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

}
