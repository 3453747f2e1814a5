package org.cgiserver.files;

import java.nio.file.Path;

import org.cgiserver.paths.ConfinedFolder;

/**
 * The folder served as the site, and how paths are confined to it.
 */
public final class DocumentRoot {

	private final ConfinedFolder folder;

	/**
	 * @param folder the site's folder, already checked to exist and be readable
	 */
	public DocumentRoot(ConfinedFolder folder) {
		this.folder = folder;
	}

	public ConfinedFolder folder() {
		return this.folder;
	}

	public Path path() {
		return this.folder.root();
	}

}
