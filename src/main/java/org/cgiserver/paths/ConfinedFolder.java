package org.cgiserver.paths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A folder that URL paths are resolved in without ever leaving it: no dot-segments, no
 * backslashes or NUL bytes, no hidden names unless allowed, and no symbolic link that
 * resolves outside unless allowed. The top of a document root keeps {@code .well-known}
 * visible (RFC 8615: security.txt, ACME challenges, app links), not the folders of
 * script prefixes.
 *
 * <p>The servlet container already decodes and normalizes the path and rejects encoded
 * slashes and backslashes; these checks hold whatever it lets through.
 */
public final class ConfinedFolder {

	private static final String WELL_KNOWN = ".well-known";

	private final Path root;

	private final boolean followSymlinksOutside;

	private final boolean serveHidden;

	private final boolean documentRoot;

	/**
	 * A document root.
	 * @param root the folder, as a real path (see {@link Path#toRealPath})
	 * @param followSymlinksOutside whether links that resolve outside may be followed
	 * @param serveHidden whether names starting with a dot may be resolved
	 */
	public ConfinedFolder(Path root, boolean followSymlinksOutside, boolean serveHidden) {
		this(root, followSymlinksOutside, serveHidden, true);
	}

	private ConfinedFolder(Path root, boolean followSymlinksOutside, boolean serveHidden, boolean documentRoot) {
		this.root = root;
		this.followSymlinksOutside = followSymlinksOutside;
		this.serveHidden = serveHidden;
		this.documentRoot = documentRoot;
	}

	public Path root() {
		return this.root;
	}

	/**
	 * A folder of scripts with the same rules (and no {@code .well-known} of its own).
	 * @param folder the folder, as a real path
	 * @return the confined folder
	 */
	public ConfinedFolder withRoot(Path folder) {
		return new ConfinedFolder(folder, this.followSymlinksOutside, this.serveHidden, false);
	}

	/**
	 * Splits a decoded URL path into its segments, dropping empty ones.
	 * @param decodedPath the path, such as {@code /a/b/}
	 * @return the segments, or {@code null} when a segment is unsafe (dot-segment,
	 * backslash, NUL)
	 */
	public static @Nullable List<String> segments(String decodedPath) {
		List<String> segments = new ArrayList<>();
		int start = 0;
		int length = decodedPath.length();
		while (start <= length) {
			int end = decodedPath.indexOf('/', start);
			if (end < 0) {
				end = length;
			}
			if (end > start) {
				String segment = decodedPath.substring(start, end);
				if (!isSafeSegment(segment)) {
					return null;
				}
				segments.add(segment);
			}
			start = end + 1;
		}
		return segments;
	}

	private static boolean isSafeSegment(String segment) {
		return !segment.equals(".") && !segment.equals("..") && segment.indexOf('\\') < 0 && segment.indexOf('\0') < 0;
	}

	/**
	 * Whether a name may be served: hidden names only when allowed.
	 * @param name a file or folder name
	 * @return whether the name is visible
	 */
	public boolean isVisible(String name) {
		return this.serveHidden || !name.startsWith(".");
	}

	/**
	 * Whether a segment of a URL path may be served: as {@link #isVisible(String)}, and
	 * {@code .well-known} at the top of a document root.
	 * @param segments the path's segments
	 * @param index the segment's position
	 * @return whether the segment is visible
	 */
	public boolean isVisible(List<String> segments, int index) {
		String name = segments.get(index);
		return isVisible(name) || (index == 0 && this.documentRoot && name.equals(WELL_KNOWN));
	}

	/**
	 * Resolves segments to an existing file or folder inside this folder.
	 * @param segments safe segments, see {@link #segments(String)}
	 * @return the path (not necessarily real), or {@code null} when it does not exist, is
	 * hidden, or resolves outside
	 */
	public @Nullable Path resolve(List<String> segments) {
		Path path = visiblePath(segments);
		return (path != null && isInside(path)) ? path : null;
	}

	/**
	 * Resolves segments as {@link #resolve(List)} does, with the attributes of what they
	 * name (links followed), in as few look-ups as the check allows: a path with no
	 * symbolic link below the root is inside it, which the attributes of its own segments
	 * show, so only a path through a link is resolved to its real path.
	 * @param segments safe segments, see {@link #segments(String)}
	 * @return the path (not necessarily real) and its attributes, or {@code null} when it
	 * does not exist, is hidden, or resolves outside
	 */
	public @Nullable Found find(List<String> segments) {
		Path path = visiblePath(segments);
		if (path == null) {
			return null;
		}
		try {
			BasicFileAttributes attributes = attributesInside(path, segments.size());
			return (attributes != null) ? new Found(path, attributes) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private @Nullable BasicFileAttributes attributesInside(Path path, int depth) throws IOException {
		if (this.followSymlinksOutside || depth == 0) {
			return Files.readAttributes(path, BasicFileAttributes.class);
		}
		BasicFileAttributes attributes = null;
		int top = this.root.getNameCount();
		for (int i = 1; i <= depth; i++) {
			Path part = (i == depth) ? path : this.root.resolve(path.subpath(top, top + i));
			attributes = Files.readAttributes(part, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
			if (attributes.isSymbolicLink()) {
				Path real = path.toRealPath();
				return real.startsWith(this.root) ? Files.readAttributes(real, BasicFileAttributes.class) : null;
			}
		}
		return attributes;
	}

	/**
	 * Resolves segments as {@link #resolve(List)} does, to the real path of what they
	 * name.
	 * @param segments safe segments, see {@link #segments(String)}
	 * @return the real path, or {@code null} when it does not exist, is hidden, or
	 * resolves outside
	 */
	public @Nullable Path resolveReal(List<String> segments) {
		Path path = visiblePath(segments);
		if (path == null) {
			return null;
		}
		try {
			Path real = path.toRealPath();
			return (this.followSymlinksOutside || real.startsWith(this.root)) ? real : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private @Nullable Path visiblePath(List<String> segments) {
		Path path = this.root;
		for (int i = 0; i < segments.size(); i++) {
			if (!isVisible(segments, i)) {
				return null;
			}
			path = path.resolve(segments.get(i));
		}
		return path;
	}

	/**
	 * Whether an existing path resolves, links followed, inside this folder (always true
	 * for existing paths when links outside may be followed).
	 * @param path a path below the root
	 * @return whether it exists and is inside
	 */
	public boolean isInside(Path path) {
		if (this.followSymlinksOutside) {
			return Files.exists(path);
		}
		try {
			return path.toRealPath().startsWith(this.root);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * An existing path inside a confined folder.
	 *
	 * @param path the path, below the folder's root (not necessarily real)
	 * @param attributes its attributes, links followed
	 */
	public record Found(Path path, BasicFileAttributes attributes) {

	}

}
