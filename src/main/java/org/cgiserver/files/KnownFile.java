package org.cgiserver.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.springframework.core.io.FileSystemResource;

/**
 * A file whose size and modification time were read once, when it was resolved: Spring's
 * resource handling asks for them several times per request (type, ETag, conditional
 * requests, headers), each time a look-up on the file system otherwise. A small file's
 * contents come from {@link SmallFiles}.
 */
final class KnownFile extends FileSystemResource {

	private final BasicFileAttributes attributes;

	private final SmallFiles smallFiles;

	KnownFile(Path file, BasicFileAttributes attributes, SmallFiles smallFiles) {
		super(file);
		this.attributes = attributes;
		this.smallFiles = smallFiles;
	}

	@Override
	public InputStream getInputStream() throws IOException {
		byte[] contents = this.smallFiles.contents(getFile().toPath(), this.attributes);
		return (contents != null) ? new ByteArrayInputStream(contents) : super.getInputStream();
	}

	@Override
	public long contentLength() {
		return this.attributes.size();
	}

	@Override
	public long lastModified() {
		return this.attributes.lastModifiedTime().toMillis();
	}

	@Override
	public boolean exists() {
		return true;
	}

	@Override
	public boolean isReadable() {
		return true;
	}

}
