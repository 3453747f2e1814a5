package org.cgiserver.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.cgiserver.paths.ConfinedFolder;

/**
 * The folder served as the site, how paths are confined to it, and which file answers
 * for a folder.
 */
public final class DocumentRoot {

	private final ConfinedFolder folder;

	private final List<String> indexFiles;

	/**
	 * @param folder the site's folder, already checked to exist and be readable
	 * @param indexFiles the names of the files that answer for a folder, in order
	 */
	public DocumentRoot(ConfinedFolder folder, List<String> indexFiles) {
		this.folder = folder;
		this.indexFiles = List.copyOf(indexFiles);
	}

	public ConfinedFolder folder() {
		return this.folder;
	}

	public Path path() {
		return this.folder.root();
	}

	/**
	 * The file served for a folder: the first index file in it that is a regular file
	 * inside the root.
	 * @param folder a folder of the site
	 * @return the index file, or {@code null} when the folder has none
	 */
	public @Nullable Path indexFile(Path folder) {
		for (String name : this.indexFiles) {
			Path candidate = folder.resolve(name);
			if (Files.isRegularFile(candidate) && this.folder.isInside(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
