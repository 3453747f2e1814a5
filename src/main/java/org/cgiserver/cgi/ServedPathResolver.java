package org.cgiserver.cgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.cgiserver.files.DocumentRoot;
import org.cgiserver.paths.ConfinedFolder;
import org.cgiserver.paths.ServedPath;
import org.cgiserver.paths.ServedPaths;

/**
 * What a request path serves, found as the handlers find it: the script it runs, by the
 * same {@link ScriptResolver}; otherwise the static file, or the folder and the index
 * file served for it. The other URLs of what is served come from {@link SiteUrls}, by
 * its real path: one look-up of the real path per request, about what the static
 * handler spends to confine the path.
 */
final class ServedPathResolver implements ServedPaths {

	private final ScriptResolver scripts;

	private final DocumentRoot documentRoot;

	private final SiteUrls urls;

	ServedPathResolver(ScriptResolver scripts, DocumentRoot documentRoot, SiteUrls urls) {
		this.scripts = scripts;
		this.documentRoot = documentRoot;
		this.urls = urls;
	}

	@Override
	public List<ServedPath> of(String decodedPath) {
		ScriptLookup lookup = this.scripts.resolve(decodedPath);
		if (lookup instanceof ScriptLookup.Found found) {
			return script(decodedPath, found.script());
		}
		ServedPath own = new ServedPath(decodedPath, null);
		// A script that is missing or refused runs nothing and serves nothing.
		return (lookup != null) ? List.of(own) : file(decodedPath, own);
	}

	private List<ServedPath> script(String decodedPath, Script script) {
		List<ServedPath> served = new ArrayList<>(2);
		served.add(new ServedPath(decodedPath, script.scriptName()));
		Path real = realPath(script.file());
		if (real == null) {
			return served;
		}
		for (String url : this.urls.of(real, false)) {
			if (!url.equals(script.scriptName())) {
				// As if the client had asked for the script by that URL.
				served.add(new ServedPath(url + script.pathInfo(), url));
			}
		}
		return served;
	}

	private List<ServedPath> file(String decodedPath, ServedPath own) {
		List<String> segments = ConfinedFolder.segments(decodedPath);
		Path real = (segments != null) ? this.documentRoot.folder().resolveReal(segments) : null;
		if (real == null) {
			return List.of(own);
		}
		List<ServedPath> served = new ArrayList<>(2);
		served.add(own);
		String url = "/" + String.join("/", segments);
		if (!Files.isDirectory(real)) {
			addOthers(served, this.urls.of(real, false), url);
			return served;
		}
		String folderUrl = url.endsWith("/") ? url : url + "/";
		addOthers(served, this.urls.of(real, true), folderUrl);
		if (decodedPath.endsWith("/")) {
			Path index = this.documentRoot.indexFile(real);
			Path realIndex = (index != null) ? realPath(index) : null;
			if (realIndex != null) {
				addOthers(served, this.urls.of(realIndex, false), folderUrl + index.getFileName());
			}
		}
		return served;
	}

	private static void addOthers(List<ServedPath> served, List<String> urls, String ownUrl) {
		for (String url : urls) {
			if (!url.equals(ownUrl)) {
				served.add(new ServedPath(url, null));
			}
		}
	}

	private static @Nullable Path realPath(Path file) {
		try {
			return file.toRealPath();
		}
		catch (IOException ex) {
			// Gone since it was found: the handler will not serve it either.
			return null;
		}
	}

}
