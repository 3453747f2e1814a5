package org.cgiserver.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.cgiserver.paths.ConfinedFolder;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;

/**
 * Chooses a precompressed sibling of a static file ({@code name.br}, {@code name.gz}),
 * as nginx's {@code gzip_static} and Spring's {@code EncodedResourceResolver} do, when the
 * client accepts its coding. A sibling is confined as the file itself is (no link out of
 * the document root, no hidden name), must lie beside the file's real path (never a link
 * to another file), and is only looked for next to a file that exists:
 * its type and the answer to clients that accept no coding come from that file.
 */
final class PrecompressedFiles {

	/** Smaller first: brotli wins a tie. */
	private static final List<PrecompressedFile.Coding> CODINGS = List.of(new PrecompressedFile.Coding("br", ".br"),
			new PrecompressedFile.Coding("gzip", ".gz"));

	private final ConfinedFolder root;

	private final boolean enabled;

	/**
	 * @param root the document root
	 * @param enabled whether siblings are served ({@code cgi.precompressed})
	 */
	PrecompressedFiles(ConfinedFolder root, boolean enabled) {
		this.root = root;
		this.enabled = enabled;
	}

	/**
	 * The representation of a file to send: a sibling in a coding the client accepts, or
	 * the file. When the file has a sibling, whichever is sent varies with
	 * {@code Accept-Encoding}, which the response says (304s included).
	 * @param request the request
	 * @param response the response
	 * @param resource a file of the document root, already resolved and checked
	 * @return the file or its sibling
	 */
	FileSystemResource select(HttpServletRequest request, HttpServletResponse response, FileSystemResource resource) {
		if (!this.enabled) {
			return resource;
		}
		Path file = resource.getFile().toPath();
		String accepted = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
		PrecompressedFile best = null;
		double bestQuality = 0;
		boolean anySibling = false;
		for (PrecompressedFile.Coding coding : CODINGS) {
			Path sibling = sibling(file, coding);
			if (sibling == null) {
				continue;
			}
			anySibling = true;
			double quality = quality(accepted, coding.name());
			if (quality > bestQuality) {
				best = new PrecompressedFile(sibling, file.getFileName().toString(), coding);
				bestQuality = quality;
			}
		}
		if (anySibling) {
			response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		}
		return (best != null) ? best : resource;
	}

	private @Nullable Path sibling(Path file, PrecompressedFile.Coding coding) {
		String name = file.getFileName() + coding.suffix();
		Path sibling = file.resolveSibling(name);
		if (!this.root.isVisible(name) || !Files.isRegularFile(sibling) || !this.root.isInside(sibling)
				|| !Files.isReadable(sibling) || !isBeside(file, sibling, coding)) {
			return null;
		}
		return sibling;
	}

	/**
	 * Whether the sibling is the file's own other coding, where the file really lies: a
	 * sibling that links to another file (a protected one, say) was judged by no access
	 * rule, since the rules judge the URLs of the file asked for.
	 */
	private static boolean isBeside(Path file, Path sibling, PrecompressedFile.Coding coding) {
		try {
			Path real = file.toRealPath();
			return sibling.toRealPath().equals(real.resolveSibling(real.getFileName() + coding.suffix()));
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * How much a client wants a coding (RFC 9110, 12.5.3): its own weight, or that of
	 * {@code *} when it is not named; 0 when refused, unnamed, or the header is absent.
	 */
	static double quality(@Nullable String acceptEncoding, String coding) {
		if (acceptEncoding == null) {
			return 0;
		}
		double named = -1;
		double any = 0;
		for (String element : acceptEncoding.split(",")) {
			String[] parts = element.split(";");
			String name = parts[0].strip().toLowerCase(Locale.ROOT);
			double quality = weight(parts);
			if (name.equals(coding) || (coding.equals("gzip") && name.equals("x-gzip"))) {
				named = Math.max(named, quality);
			}
			else if (name.equals("*")) {
				any = quality;
			}
		}
		return (named >= 0) ? named : any;
	}

	private static double weight(String[] parts) {
		for (int i = 1; i < parts.length; i++) {
			String parameter = parts[i].strip();
			if (parameter.length() > 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
				try {
					double quality = Double.parseDouble(parameter.substring(2));
					return (quality >= 0 && quality <= 1) ? quality : 0;
				}
				catch (NumberFormatException ex) {
					return 0;
				}
			}
		}
		return 1;
	}

}
