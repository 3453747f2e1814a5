package org.cgiserver.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;

/**
 * The folder served as the site, checked at start.
 */
public final class DocumentRoot {

	private final ConfinedFolder folder;

	private DocumentRoot(ConfinedFolder folder) {
		this.folder = folder;
	}

	/**
	 * Opens the configured document root.
	 * @param properties the settings
	 * @return the document root
	 * @throws InvalidConfigurationException when it is missing, not a folder or
	 * unreadable
	 */
	public static DocumentRoot open(CgiProperties properties) {
		Path configured = properties.getDocumentRoot();
		Path real = openFolder("cgi.document-root", configured);
		return new DocumentRoot(
				new ConfinedFolder(real, properties.isFollowSymlinksOutsideRoot(), properties.isServeHidden()));
	}

	/**
	 * Resolves a configured folder to its real path, or stops the start.
	 * @param property the property that names it, for the message
	 * @param configured the configured path
	 * @return the real path
	 */
	public static Path openFolder(String property, Path configured) {
		Path absolute = configured.toAbsolutePath().normalize();
		if (!Files.exists(absolute)) {
			throw new InvalidConfigurationException(property, absolute, "the folder does not exist");
		}
		if (!Files.isDirectory(absolute)) {
			throw new InvalidConfigurationException(property, absolute, "it is not a folder");
		}
		if (!Files.isReadable(absolute) || !Files.isExecutable(absolute)) {
			throw new InvalidConfigurationException(property, absolute, "the folder cannot be read");
		}
		try {
			return absolute.toRealPath();
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException(property, absolute, ex.getMessage());
		}
	}

	public ConfinedFolder folder() {
		return this.folder;
	}

	public Path path() {
		return this.folder.root();
	}

}
