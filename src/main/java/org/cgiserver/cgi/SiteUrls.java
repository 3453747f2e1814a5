package org.cgiserver.cgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The URL paths that name a file directly: its place under the document root, under the
 * folder of each prefix, or the prefix of a whole program. Found from the file's real
 * path, so that a symbolic link, or a second prefix on the same folder, leads back to
 * the URL an access rule names.
 */
final class SiteUrls {

	private final Path documentRoot;

	private final List<ScriptPrefix> prefixes;

	/**
	 * @param documentRoot the real path of the document root
	 * @param prefixes the prefixes, with the real paths of their targets
	 */
	SiteUrls(Path documentRoot, List<ScriptPrefix> prefixes) {
		this.documentRoot = documentRoot;
		this.prefixes = List.copyOf(prefixes);
	}

	/**
	 * The URL paths of a file or folder; a folder's end with a slash, as it is served.
	 * @param file an existing path, links not yet followed
	 * @return the decoded URL paths, none when the file is outside every served folder
	 * or cannot be read
	 */
	List<String> of(Path file) {
		Path real;
		try {
			real = file.toRealPath();
		}
		catch (IOException ex) {
			return List.of();
		}
		boolean folder = Files.isDirectory(real);
		List<String> urls = new ArrayList<>(2);
		add(urls, "", this.documentRoot, real, folder);
		for (ScriptPrefix prefix : this.prefixes) {
			if (!prefix.program()) {
				add(urls, prefix.path(), prefix.target(), real, folder);
			}
			else if (real.equals(prefix.target())) {
				addOnce(urls, prefix.path());
			}
		}
		return urls;
	}

	private static void add(List<String> urls, String base, Path root, Path real, boolean folder) {
		if (!real.startsWith(root)) {
			return;
		}
		StringBuilder url = new StringBuilder(base);
		for (int i = root.getNameCount(); i < real.getNameCount(); i++) {
			url.append('/').append(real.getName(i));
		}
		if (folder || url.isEmpty()) {
			url.append('/');
		}
		addOnce(urls, url.toString());
	}

	private static void addOnce(List<String> urls, String url) {
		if (!urls.contains(url)) {
			urls.add(url);
		}
	}

}
