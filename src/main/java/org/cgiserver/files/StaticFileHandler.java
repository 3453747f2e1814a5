package org.cgiserver.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.cgiserver.paths.ConfinedFolder;
import org.cgiserver.paths.RequestPaths;
import org.cgiserver.text.PageHeaders;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestHandler;

/**
 * Serves the document root: files through {@link DocumentResourceHandler}, folders
 * through their index file or a listing, with the redirect to the trailing slash that
 * {@code http.server} users expect.
 */
final class StaticFileHandler implements HttpRequestHandler {

	private static final Log logger = LogFactory.getLog(StaticFileHandler.class);

	static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";

	private final DocumentRoot documentRoot;

	private final ConfinedFolder root;

	private final boolean directoryListing;

	private final DocumentResourceHandler resources;

	private final PrecompressedFiles precompressed;

	private final SmallFiles smallFiles;

	StaticFileHandler(DocumentRoot documentRoot, boolean directoryListing, DocumentResourceHandler resources,
			PrecompressedFiles precompressed, SmallFiles smallFiles) {
		this.documentRoot = documentRoot;
		this.root = documentRoot.folder();
		this.directoryListing = directoryListing;
		this.resources = resources;
		this.precompressed = precompressed;
		this.smallFiles = smallFiles;
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		switch (request.getMethod()) {
			case "GET", "HEAD" -> serve(request, response);
			case "POST" -> response.sendError(HttpServletResponse.SC_NOT_IMPLEMENTED, "Can only POST to CGI scripts");
			case "OPTIONS" -> {
				response.setHeader(HttpHeaders.ALLOW, ALLOWED_METHODS);
				response.setStatus(HttpServletResponse.SC_OK);
			}
			default -> {
				response.setHeader(HttpHeaders.ALLOW, ALLOWED_METHODS);
				response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method not allowed for static files");
			}
		}
	}

	private void serve(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
		String path = RequestPaths.decodedPath(request);
		List<String> segments = ConfinedFolder.segments(path);
		ConfinedFolder.Found target = (segments != null) ? this.root.find(segments) : null;
		if (target == null) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND, "File not found");
			return;
		}
		if (target.attributes().isDirectory()) {
			serveFolder(request, response, path, target.path());
		}
		else if (target.attributes().isRegularFile() && !path.endsWith("/")) {
			serveFile(request, response, new KnownFile(target.path(), target.attributes(), this.smallFiles));
		}
		else {
			response.sendError(HttpServletResponse.SC_NOT_FOUND, "File not found");
		}
	}

	private void serveFolder(HttpServletRequest request, HttpServletResponse response, String path, Path folder)
			throws ServletException, IOException {
		if (!path.endsWith("/")) {
			String query = request.getQueryString();
			String location = request.getRequestURI() + "/" + ((query != null) ? "?" + query : "");
			response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
			response.setHeader(HttpHeaders.LOCATION, location);
			return;
		}
		Path index = this.documentRoot.indexFile(folder);
		if (index != null) {
			serveFile(request, response, indexFile(index));
		}
		else if (this.directoryListing) {
			serveListing(request, response, path, folder);
		}
		else {
			response.sendError(HttpServletResponse.SC_FORBIDDEN, "Directory listing is disabled");
		}
	}

	private void serveFile(HttpServletRequest request, HttpServletResponse response, FileSystemResource file)
			throws ServletException, IOException {
		if (!Files.isReadable(file.getFile().toPath())) {
			response.sendError(HttpServletResponse.SC_FORBIDDEN, "File not readable");
			return;
		}
		FileSystemResource sent = this.precompressed.select(request, response, file);
		if (this.resources.sendWholeFile(request, response, sent)) {
			return;
		}
		DocumentResourceHandler.setFile(request, sent);
		this.resources.handleRequest(request, response);
	}

	private FileSystemResource indexFile(Path index) {
		try {
			return new KnownFile(index, Files.readAttributes(index, BasicFileAttributes.class), this.smallFiles);
		}
		catch (IOException ex) {
			// Gone since it was found: Spring's handler answers as for any missing file.
			return new FileSystemResource(index);
		}
	}

	private void serveListing(HttpServletRequest request, HttpServletResponse response, String path, Path folder)
			throws IOException {
		List<DirectoryListing.Entry> entries = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
			for (Path child : stream) {
				String name = child.getFileName().toString();
				if (this.root.isVisible(name) && this.root.isInside(child)) {
					entries.add(new DirectoryListing.Entry(name, Files.isDirectory(child)));
				}
			}
		}
		catch (IOException ex) {
			logger.warn("Cannot list folder " + folder + ": " + ex.getMessage());
			response.sendError(HttpServletResponse.SC_FORBIDDEN, "Folder cannot be listed");
			return;
		}
		byte[] body = DirectoryListing.render(path, entries).getBytes(StandardCharsets.UTF_8);
		response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=utf-8");
		PageHeaders.apply(response);
		response.setContentLength(body.length);
		if (!"HEAD".equals(request.getMethod())) {
			response.getOutputStream().write(body);
		}
	}

}
