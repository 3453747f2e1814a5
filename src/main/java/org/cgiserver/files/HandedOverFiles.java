package org.cgiserver.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.Require;

import org.springframework.http.HttpHeaders;

/**
 * The files that scripts hand to the server to send ({@code X-Sendfile}): only regular
 * files whose real path lies in one of {@code cgi.x-sendfile.folders}, sent as static
 * files are, with the headers the script set kept.
 */
public final class HandedOverFiles {

	static final String PROPERTY = "cgi.x-sendfile.folders";

	private final List<Path> folders;

	private final DocumentResourceHandler resources;

	HandedOverFiles(List<Path> folders, DocumentResourceHandler resources) {
		this.folders = List.copyOf(folders);
		this.resources = resources;
	}

	/**
	 * The configured folders, checked: absolute, existing and readable.
	 * @param configured the folders as configured
	 * @return their real paths
	 */
	static List<Path> folders(List<Path> configured) {
		List<Path> folders = new ArrayList<>();
		for (int i = 0; i < configured.size(); i++) {
			String property = PROPERTY + "[" + i + "]";
			Path folder = configured.get(i);
			if (!folder.isAbsolute()) {
				throw new InvalidConfigurationException(property, folder, "it must be an absolute path");
			}
			folders.add(Require.readableFolder(property, folder));
		}
		return folders;
	}

	/**
	 * Whether scripts may hand files over at all: some folder is configured.
	 * @return whether the feature is on
	 */
	public boolean enabled() {
		return !this.folders.isEmpty();
	}

	/**
	 * Finds the file a script named.
	 * @param named the header's value
	 * @return the file to send, or why it is not sent
	 */
	public Lookup find(String named) {
		if (!named.startsWith("/")) {
			return Lookup.refused("it is not an absolute path");
		}
		Path path;
		try {
			path = Path.of(named);
		}
		catch (InvalidPathException ex) {
			return Lookup.refused("it is not a valid path");
		}
		Path real;
		try {
			real = path.toRealPath();
		}
		catch (NoSuchFileException ex) {
			// As lighttpd: a file missing where it may be is the client's 404; one
			// missing elsewhere is refused as any path outside.
			return couldBeInside(path) ? Lookup.missing() : Lookup.refused("it is outside " + PROPERTY);
		}
		catch (IOException ex) {
			return Lookup.refused("it cannot be resolved: " + ex.getMessage());
		}
		if (!isInside(real)) {
			return Lookup.refused("it resolves to " + real + ", outside " + PROPERTY);
		}
		if (!Files.isRegularFile(real)) {
			return Lookup.refused("it is not a regular file");
		}
		if (!Files.isReadable(real)) {
			return Lookup.refused("the server cannot read it");
		}
		return new Lookup(real, HttpServletResponse.SC_OK, null);
	}

	/**
	 * Sends a file found by {@link #find}: ranges, conditional requests, sendfile; a
	 * {@code Content-Type} already on the response is kept.
	 * @param request the request
	 * @param response the response, with the script's headers
	 * @param file the file
	 * @throws ServletException when the static engine refuses the request
	 * @throws IOException when the file cannot be read or the client went away
	 */
	public void send(HttpServletRequest request, HttpServletResponse response, Path file)
			throws ServletException, IOException {
		DocumentResourceHandler.keepContentType(request, response.getContentType());
		String range = request.getHeader(HttpHeaders.RANGE);
		if (range != null && range.indexOf(',') >= 0) {
			// Several ranges go out as multipart/byteranges, each part with the script's
			// type; Tomcat would add the script's charset to the multipart type.
			response.setCharacterEncoding((String) null);
		}
		if (this.resources.sendWholeFile(request, response, file)) {
			return;
		}
		DocumentResourceHandler.setFile(request, file);
		this.resources.handleRequest(request, response);
	}

	private boolean isInside(Path real) {
		return this.folders.stream().anyMatch(real::startsWith);
	}

	/** Whether a missing file would be inside: its nearest existing folder is. */
	private boolean couldBeInside(Path path) {
		Path ancestor = path.getParent();
		while (ancestor != null && !Files.exists(ancestor)) {
			ancestor = ancestor.getParent();
		}
		if (ancestor == null) {
			return false;
		}
		for (Path name : ancestor.relativize(path)) {
			if (name.toString().equals("..")) {
				return false;
			}
		}
		try {
			return isInside(ancestor.toRealPath());
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A file named by a script, found or not.
	 *
	 * @param file the real path of the file to send, or {@code null}
	 * @param status 200 when found, otherwise the status to answer with
	 * @param problem why the file is not sent, or {@code null}
	 */
	public record Lookup(@Nullable Path file, int status, @Nullable String problem) {

		static Lookup refused(String problem) {
			return new Lookup(null, HttpServletResponse.SC_BAD_GATEWAY, problem);
		}

		static Lookup missing() {
			return new Lookup(null, HttpServletResponse.SC_NOT_FOUND, "no such file");
		}

	}

}
