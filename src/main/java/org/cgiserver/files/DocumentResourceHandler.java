package org.cgiserver.files;

import java.io.IOException;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Spring's resource handler (content types, conditional requests, ranges) serving a file
 * that {@link StaticFileHandler} already resolved and checked.
 */
final class DocumentResourceHandler extends ResourceHttpRequestHandler {

	private static final String FILE_ATTRIBUTE = DocumentResourceHandler.class.getName() + ".file";

	DocumentResourceHandler() {
		setEtagGenerator(DocumentResourceHandler::etag);
	}

	static void setFile(HttpServletRequest request, Path file) {
		request.setAttribute(FILE_ATTRIBUTE, new FileSystemResource(file));
	}

	@Override
	protected @Nullable Resource getResource(HttpServletRequest request) {
		return (Resource) request.getAttribute(FILE_ATTRIBUTE);
	}

	// Like nginx and lighttpd: modification time and size, cheap and stable across
	// restarts.
	private static @Nullable String etag(Resource resource) {
		try {
			return "\"" + Long.toHexString(resource.lastModified()) + "-" + Long.toHexString(resource.contentLength())
					+ "\"";
		}
		catch (IOException ex) {
			return null;
		}
	}

}
