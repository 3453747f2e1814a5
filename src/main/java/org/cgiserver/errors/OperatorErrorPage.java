package org.cgiserver.errors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.web.servlet.View;

/**
 * The operator's own page for a status, read from the document root at each error (so
 * that it can be edited while the server runs); the built-in page when it is gone.
 */
final class OperatorErrorPage implements View {

	private static final Logger logger = LoggerFactory.getLogger(OperatorErrorPage.class);

	private final Path file;

	private final View fallback;

	OperatorErrorPage(Path file, View fallback) {
		this.file = file;
		this.fallback = fallback;
	}

	@Override
	public String getContentType() {
		return MediaTypeFactory.getMediaType(this.file.getFileName().toString())
			.orElse(MediaType.TEXT_HTML)
			.toString();
	}

	@Override
	public void render(@Nullable Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
			throws Exception {
		byte[] body;
		try {
			body = Files.readAllBytes(this.file);
		}
		catch (IOException ex) {
			logger.warn("Error page {} cannot be read ({}); showing the built-in page", this.file, ex.getMessage());
			this.fallback.render(model, request, response);
			return;
		}
		response.setContentType(getContentType());
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
