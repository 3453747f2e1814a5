package org.cgiserver.cgi;

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
	 * The URL paths of a file or folder.
	 * @param real the real path of the file or folder
	 * @param folder whether it is a folder, whose URL paths end with a slash as it is
	 * served
	 * @return the decoded URL paths, none when it is outside every served folder
	 */
	List<String> of(Path real, boolean folder) {
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
