package org.cgiserver.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An htpasswd file, re-read when it changes: each lookup compares the file's time, size
 * and identity (an editor's rename gives a new one) with those it was read at, so a
 * change counts from the next request on, as with Apache. A file that goes missing or
 * cannot be read lets nobody in until it is back.
 */
final class UsersFile {

	private static final Logger logger = LoggerFactory.getLogger(UsersFile.class);

	private final Path path;

	private volatile Read current;

	private UsersFile(Path path, Read first) {
		this.path = path;
		this.current = first;
	}

	/**
	 * Reads the file for the first time.
	 * @param path the file
	 * @return the users file
	 * @throws IOException when the file cannot be read
	 */
	static UsersFile open(Path path) throws IOException {
		Stamp stamp = Stamp.of(path);
		UsersFileContents contents = parse(path, Files.readAllLines(path, StandardCharsets.UTF_8));
		logger.info("Users file {} read: {} users", path, contents.users().size());
		return new UsersFile(path, new Read(stamp, contents));
	}

	/**
	 * The users as the file has them now.
	 * @return the contents
	 */
	UsersFileContents contents() {
		Read read = this.current;
		Stamp now = stampOrNull();
		if (Objects.equals(now, read.stamp())) {
			return read.contents();
		}
		synchronized (this) {
			read = this.current;
			if (!Objects.equals(now, read.stamp())) {
				read = reread(now);
				this.current = read;
			}
			return read.contents();
		}
	}

	private Read reread(@Nullable Stamp stamp) {
		if (stamp == null) {
			logger.error("Users file {} cannot be read: nobody can log in until it is back", this.path);
			return new Read(null, UsersFileContents.NOBODY);
		}
		try {
			UsersFileContents contents = parse(this.path, Files.readAllLines(this.path, StandardCharsets.UTF_8));
			logger.info("Users file {} changed and was read again: {} users", this.path, contents.users().size());
			return new Read(stamp, contents);
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Users file {} cannot be read ({}): nobody can log in until it is fixed", this.path,
					ex.getMessage());
			return new Read(stamp, UsersFileContents.NOBODY);
		}
	}

	private static UsersFileContents parse(Path path, List<String> lines) {
		UsersFileContents contents = UsersFileContents.parse(lines);
		for (UsersFileContents.Skipped skipped : contents.skipped()) {
			logger.warn("Users file {} line {} skipped: {}", path, skipped.lineNumber(), skipped.reason());
		}
		if (contents.kinds().size() > 1) {
			logger.info("Users file {} holds {} kinds of hash {}: each login hashes its password once per kind, so that "
					+ "its time does not tell users apart; one kind for all users (htpasswd -B) costs one hash a login",
					path, contents.kinds().size(), contents.kinds());
		}
		return contents;
	}

	private @Nullable Stamp stampOrNull() {
		try {
			return Stamp.of(this.path);
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * What the file was when it was read.
	 */
	private record Stamp(FileTime modified, long size, @Nullable Object identity) {

		static Stamp of(Path path) throws IOException {
			BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
			return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
		}

	}

	private record Read(@Nullable Stamp stamp, UsersFileContents contents) {
	}

}
