package org.cgiserver.cgi;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.RunPolicy;
import org.cgiserver.paths.ConfinedFolder;

/**
 * Finds the script a decoded request path names: under a prefix, the first path
 * segment that is a regular file (the rest is PATH_INFO); elsewhere, the first file with
 * a CGI extension. Never leaves the prefix's folder and never treats a folder, a special
 * file or a file that cannot run as a script.
 */
public final class ScriptResolver {

	private final CgiMappings mappings;

	private final ConfinedFolder documentRoot;

	/**
	 * @param mappings the prefixes and extensions
	 * @param documentRoot the document root, whose confinement rules apply to every
	 * prefix's folder too
	 */
	public ScriptResolver(CgiMappings mappings, ConfinedFolder documentRoot) {
		this.mappings = mappings;
		this.documentRoot = documentRoot;
	}

	/**
	 * Resolves a request path.
	 * @param requestPath the decoded, normalized request path
	 * @return the lookup, or {@code null} when the path is not a CGI path at all
	 */
	public @Nullable ScriptLookup resolve(String requestPath) {
		ScriptPrefix prefix = this.mappings.prefixFor(requestPath);
		if (prefix != null) {
			return resolveUnderPrefix(prefix, requestPath);
		}
		if (!this.mappings.extensions().isEmpty()) {
			return resolveByExtension(requestPath);
		}
		return null;
	}

	private ScriptLookup resolveUnderPrefix(ScriptPrefix prefix, String requestPath) {
		String rest = requestPath.substring(prefix.path().length());
		if (prefix.program()) {
			Script script = new Script(prefix.path(), prefix.target(), rest, null, isNph(prefix.target()), prefix.env(),
					prefix.timeout(), prefix.eventStream(), prefix.upgrade(), prefix.policy());
			return new ScriptLookup.Found(script);
		}
		List<String> segments = ConfinedFolder.segments(rest);
		if (segments == null) {
			return new ScriptLookup.NotFound();
		}
		ConfinedFolder folder = this.documentRoot.withRoot(prefix.target());
		return walk(folder, prefix, requestPath, prefix.path().length(), segments, true);
	}

	private @Nullable ScriptLookup resolveByExtension(String requestPath) {
		List<String> segments = ConfinedFolder.segments(requestPath);
		if (segments == null) {
			return null;
		}
		for (String segment : segments) {
			if (this.mappings.extensions().contains(CgiMappings.extensionOf(segment))) {
				ScriptLookup lookup = walk(this.documentRoot, null, requestPath, 0, segments, false);
				return (lookup instanceof ScriptLookup.NotFound) ? null : lookup;
			}
		}
		return null;
	}

	/**
	 * Walks the segments below a folder to the first regular file.
	 */
	private ScriptLookup walk(ConfinedFolder folder, @Nullable ScriptPrefix prefix, String requestPath, int offset,
			List<String> segments, boolean anyFile) {
		Path current = folder.root();
		if (!Files.isDirectory(current)) {
			return new ScriptLookup.NotFound();
		}
		int position = offset;
		for (int i = 0; i < segments.size(); i++) {
			String segment = segments.get(i);
			position = requestPath.indexOf(segment, position) + segment.length();
			if (!folder.isVisible(segments, i)) {
				return new ScriptLookup.NotFound();
			}
			current = current.resolve(segment);
			if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
				return new ScriptLookup.NotFound();
			}
			if (!folder.isInside(current)) {
				return new ScriptLookup.Forbidden("it resolves outside its folder");
			}
			if (Files.isDirectory(current)) {
				continue;
			}
			if (!Files.isRegularFile(current)) {
				return new ScriptLookup.Forbidden("it is not a regular file");
			}
			String extension = CgiMappings.extensionOf(segment);
			if (!anyFile && !this.mappings.extensions().contains(extension)) {
				return new ScriptLookup.NotFound();
			}
			String interpreter = this.mappings.interpreters().get(extension);
			if (interpreter == null && !Files.isExecutable(current)) {
				return new ScriptLookup.Forbidden("it is not executable and no interpreter is mapped to its extension");
			}
			String scriptName = requestPath.substring(0, position);
			String pathInfo = requestPath.substring(position);
			Script script = new Script(scriptName, current, pathInfo, interpreter, isNph(current),
					(prefix != null) ? prefix.env() : Map.of(),
					(prefix != null) ? prefix.timeout() : this.mappings.defaultTimeout(),
					(prefix != null) ? prefix.eventStream() : this.mappings.defaultEventStream(),
					(prefix != null) ? prefix.upgrade() : ConnectionUpgrade.NONE,
					(prefix != null) ? prefix.policy() : RunPolicy.DEFAULT);
			return new ScriptLookup.Found(script);
		}
		return new ScriptLookup.Forbidden("it is a folder");
	}

	private static boolean isNph(Path file) {
		return file.getFileName().toString().startsWith("nph-");
	}

}
