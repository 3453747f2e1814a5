package org.cgiserver.files;

import java.io.IOException;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Spring's resource handler (content types, conditional requests, ranges) serving a file
 * that {@link StaticFileHandler} or {@link HandedOverFiles} already resolved and checked.
 */
final class DocumentResourceHandler extends ResourceHttpRequestHandler {

	private static final String FILE_ATTRIBUTE = DocumentResourceHandler.class.getName() + ".file";

	private static final String KEPT_TYPE_ATTRIBUTE = DocumentResourceHandler.class.getName() + ".keptType";

	// Tomcat's sendfile contract (org.apache.coyote.Constants), by name to keep the
	// handler free of container classes.
	private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";

	private static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";

	private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";

	private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

	/** Below this, copying through the response buffer costs less than sendfile's setup. */
	private static final long SENDFILE_THRESHOLD = 64 * 1024;

	private final StaticCompression compression;

	DocumentResourceHandler(StaticCompression compression) {
		this.compression = compression;
		setEtagGenerator((resource) -> (resource instanceof CompressibleFile) ? "W/" + etag(resource) : etag(resource));
		// The callers choose the methods: the document root refuses all but GET and
		// HEAD itself, and a script may answer a POST with a file.
		setSupportedMethods((String[]) null);
	}

	static void setFile(HttpServletRequest request, Path file) {
		setFile(request, new FileSystemResource(file));
	}

	/**
	 * Sets what to send: a file, or a precompressed sibling sent for it.
	 * @param request the request
	 * @param file the file or its sibling
	 */
	static void setFile(HttpServletRequest request, FileSystemResource file) {
		request.setAttribute(FILE_ATTRIBUTE, file);
	}

	/**
	 * Keeps a {@code Content-Type} the response already has (a script's) instead of the
	 * file's own.
	 * @param request the request
	 * @param contentType the type to keep, or {@code null} for the file's
	 */
	static void keepContentType(HttpServletRequest request, @Nullable String contentType) {
		if (contentType != null) {
			request.setAttribute(KEPT_TYPE_ATTRIBUTE, contentType);
		}
	}

	@Override
	protected @Nullable Resource getResource(HttpServletRequest request) throws IOException {
		FileSystemResource file = (FileSystemResource) request.getAttribute(FILE_ATTRIBUTE);
		if (file != null && !(file instanceof PrecompressedFile)
				&& this.compression.mayCompress(request, getMediaType(request, file), file.contentLength())) {
			return new CompressibleFile(file.getFile().toPath());
		}
		return file;
	}

	// Also the type of each part of a multi-range answer.
	@Override
	protected @Nullable MediaType getMediaType(HttpServletRequest request, Resource resource) {
		String kept = (String) request.getAttribute(KEPT_TYPE_ATTRIBUTE);
		if (kept == null) {
			return super.getMediaType(request, resource);
		}
		try {
			return MediaType.parseMediaType(kept);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	@Override
	protected void setHeaders(HttpServletResponse response, Resource resource, @Nullable MediaType mediaType)
			throws IOException {
		super.setHeaders(response, resource, (response.getContentType() != null) ? null : mediaType);
	}

	/**
	 * Sends a whole file with the container's zero-copy sendfile, when the connector
	 * offers it and the request is a plain GET of a large file; otherwise leaves it to
	 * {@link #handleRequest}. Conditional requests are answered the same way either way.
	 * @param request the request
	 * @param response the response
	 * @param file the file
	 * @return whether the request was answered
	 * @throws IOException when the file cannot be read
	 */
	boolean sendWholeFile(HttpServletRequest request, HttpServletResponse response, Path file) throws IOException {
		return sendWholeFile(request, response, new FileSystemResource(file));
	}

	/**
	 * Sends a whole file, or a precompressed sibling for it, as
	 * {@link #sendWholeFile(HttpServletRequest, HttpServletResponse, Path)} does.
	 * @param request the request
	 * @param response the response
	 * @param resource the file or its sibling
	 * @return whether the request was answered
	 * @throws IOException when the file cannot be read
	 */
	boolean sendWholeFile(HttpServletRequest request, HttpServletResponse response, FileSystemResource resource)
			throws IOException {
		if (!"GET".equals(request.getMethod()) || request.getHeader(HttpHeaders.RANGE) != null
				|| !Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT))) {
			return false;
		}
		long length = resource.contentLength();
		if (length < SENDFILE_THRESHOLD) {
			return false;
		}
		MediaType mediaType = getMediaType(request, resource);
		boolean precompressed = resource instanceof PrecompressedFile;
		if (!precompressed && StaticCompression.acceptsGzip(request)
				&& this.compression.mayCompress(request, mediaType, length)) {
			return false;
		}
		ServletWebRequest webRequest = new ServletWebRequest(request, response);
		if (webRequest.checkNotModified(etag(resource), resource.lastModified())) {
			return true;
		}
		if (mediaType != null && response.getContentType() == null) {
			response.setContentType(mediaType.toString());
		}
		if (resource instanceof PrecompressedFile sibling) {
			sibling.getResponseHeaders().forEach((name, values) -> response.setHeader(name, values.get(0)));
		}
		response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
		response.setContentLengthLong(length);
		request.setAttribute(SENDFILE_FILENAME, resource.getFile().toString());
		request.setAttribute(SENDFILE_START, 0L);
		request.setAttribute(SENDFILE_END, length);
		return true;
	}

	// Like nginx and lighttpd: modification time and size, cheap and stable across
	// restarts. A precompressed sibling's names its coding too, so that it can never
	// be taken for the file's.
	private static @Nullable String etag(Resource resource) {
		try {
			String coding = (resource instanceof PrecompressedFile sibling) ? "-" + sibling.coding().name() : "";
			return "\"" + Long.toHexString(resource.lastModified()) + "-" + Long.toHexString(resource.contentLength())
					+ coding + "\"";
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * A file whose response the container may compress: its ETag is weak, since the
	 * bytes sent are not always the file's.
	 */
	private static final class CompressibleFile extends FileSystemResource {

		CompressibleFile(Path file) {
			super(file);
		}

	}

}
