package org.cgiserver.files;

import java.nio.file.Path;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.resource.HttpResource;

/**
 * A precompressed sibling sent for its file: the file's name (so its type), the
 * sibling's bytes, length and dates, and a {@code Content-Encoding} that also keeps the
 * container from compressing it again. Ranges are ranges of these bytes, as nginx's
 * {@code gzip_static} sends them.
 */
final class PrecompressedFile extends FileSystemResource implements HttpResource {

	private final String originalName;

	private final Coding coding;

	PrecompressedFile(Path sibling, String originalName, Coding coding) {
		super(sibling);
		this.originalName = originalName;
		this.coding = coding;
	}

	Coding coding() {
		return this.coding;
	}

	@Override
	public String getFilename() {
		return this.originalName;
	}

	@Override
	public HttpHeaders getResponseHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.CONTENT_ENCODING, this.coding.name());
		return headers;
	}

	/**
	 * A content coding and the suffix of the files precompressed with it.
	 * @param name the coding's name, as in {@code Content-Encoding}
	 * @param suffix the suffix, with its dot
	 */
	record Coding(String name, String suffix) {

	}

}
