package org.cgiserver.files;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.cgiserver.connection.NeverCompressed;

import org.springframework.boot.web.server.Compression;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Which static files the container may compress with Boot's
 * {@code server.compression}. Tomcat compresses no response with a strong ETag, since
 * the compressed bytes are another representation, and none sent with sendfile: such a
 * file gets a weak ETag and is copied. Ranges keep their strong ETag, so they are never
 * compressed (their bytes are the file's), and so do the types that are
 * {@link NeverCompressed}.
 */
final class StaticCompression {

	private final boolean enabled;

	private final List<String> mimeTypes;

	private final long minSize;

	/**
	 * @param compression Boot's {@code server.compression}
	 */
	StaticCompression(Compression compression) {
		this.enabled = compression.getEnabled();
		this.mimeTypes = List.of(compression.getAllMimeTypes());
		this.minSize = compression.getMinResponseSize().toBytes();
	}

	/**
	 * Whether a whole file's response may be compressed, whatever the client accepts, so
	 * that every client gets the same (weak) validator.
	 * @param request the request
	 * @param mediaType the file's media type
	 * @param length the file's length
	 * @return whether it may be compressed
	 */
	boolean mayCompress(HttpServletRequest request, @Nullable MediaType mediaType, long length) {
		if (!this.enabled || mediaType == null || length < this.minSize
				|| request.getHeader(HttpHeaders.RANGE) != null || NeverCompressed.type(mediaType.toString())) {
			return false;
		}
		// As Tomcat matches them: the configured type is a prefix of the Content-Type.
		String type = mediaType.toString();
		return this.mimeTypes.stream().anyMatch(type::startsWith);
	}

	/**
	 * Whether the container will compress a response that may be compressed: as Tomcat
	 * reads it, the client names gzip among the codings it accepts.
	 * @param request the request
	 * @return whether the client accepts gzip
	 */
	static boolean acceptsGzip(HttpServletRequest request) {
		String accepted = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
		if (accepted == null) {
			return false;
		}
		for (String coding : accepted.split(",")) {
			int parameters = coding.indexOf(';');
			String name = (parameters >= 0) ? coding.substring(0, parameters) : coding;
			if (name.strip().equalsIgnoreCase("gzip")) {
				return true;
			}
		}
		return false;
	}

}
