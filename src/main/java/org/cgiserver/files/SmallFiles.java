package org.cgiserver.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The contents of small files of the document root, kept in memory so that a request for
 * one costs no open, read and close: as Tomcat's own {@code DefaultServlet} does, but
 * checked against the file on every request rather than trusted for a while. A copy is
 * used only while the file's identity (device and inode), size and modification time are
 * those it was read with, all of which the request has looked up anyway; a file changed
 * in place, or replaced by a rename, is read again at once. A file modified within the
 * last {@link #SETTLED} is never kept: it may still be being written, and a second write
 * within the clock's resolution would not change its time.
 */
final class SmallFiles {

	/** Larger files are sent with the container's sendfile, or are not worth a copy. */
	static final int MAX_FILE_SIZE = 64 * 1024;

	/** Bounds the memory of all copies, so that a large site cannot grow the heap. */
	static final long MAX_TOTAL_SIZE = 4 * 1024 * 1024;

	static final Duration SETTLED = Duration.ofSeconds(2);

	private final ConcurrentMap<Path, Copy> copies = new ConcurrentHashMap<>();

	private final AtomicLong total = new AtomicLong();

	private final Clock clock;

	SmallFiles(Clock clock) {
		this.clock = clock;
	}

	/**
	 * The contents of a file as its attributes describe it, from memory when a copy
	 * matches them, else read and, when the file is small and settled, kept.
	 * @param file the file
	 * @param attributes its attributes, read for this request
	 * @return its contents, or {@code null} when the file is too large to keep or it
	 * changed while it was read (then the caller reads it as usual)
	 * @throws IOException when the file cannot be read
	 */
	byte @Nullable [] contents(Path file, BasicFileAttributes attributes) throws IOException {
		if (attributes.size() > MAX_FILE_SIZE) {
			return null;
		}
		Copy copy = this.copies.get(file);
		if (copy != null && copy.matches(attributes)) {
			return copy.bytes();
		}
		Copy read = read(file, attributes);
		if (read == null) {
			return null;
		}
		if (isSettled(attributes)) {
			keep(file, copy, read);
		}
		return read.bytes();
	}

	private static @Nullable Copy read(Path file, BasicFileAttributes attributes) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			int size = (int) attributes.size();
			ByteBuffer buffer = ByteBuffer.allocate(size + 1);
			while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
				// until the end, or one byte more than expected
			}
			if (buffer.position() != size) {
				return null;
			}
			byte[] bytes = new byte[size];
			buffer.flip().get(bytes);
			return new Copy(attributes.fileKey(), attributes.lastModifiedTime(), size, bytes);
		}
	}

	private boolean isSettled(BasicFileAttributes attributes) {
		long age = this.clock.millis() - attributes.lastModifiedTime().toMillis();
		return age >= SETTLED.toMillis();
	}

	private void keep(Path file, @Nullable Copy old, Copy copy) {
		boolean replaced = (old != null) ? this.copies.replace(file, old, copy) : this.copies.putIfAbsent(file, copy) == null;
		if (!replaced) {
			return;
		}
		long added = copy.bytes().length - ((old != null) ? old.bytes().length : 0);
		if (this.total.addAndGet(added) > MAX_TOTAL_SIZE) {
			makeRoom(file);
		}
	}

	// No order of use is kept: any copies go, which costs the next request for each a read.
	private void makeRoom(Path kept) {
		Iterator<ConcurrentMap.Entry<Path, Copy>> entries = this.copies.entrySet().iterator();
		while (this.total.get() > MAX_TOTAL_SIZE && entries.hasNext()) {
			ConcurrentMap.Entry<Path, Copy> entry = entries.next();
			if (!entry.getKey().equals(kept) && this.copies.remove(entry.getKey(), entry.getValue())) {
				this.total.addAndGet(-entry.getValue().bytes().length);
			}
		}
	}

	/**
	 * A file's contents with what identifies the version read.
	 */
	private record Copy(@Nullable Object fileKey, FileTime modified, long size, byte[] bytes) {

		boolean matches(BasicFileAttributes attributes) {
			return this.size == attributes.size() && this.modified.equals(attributes.lastModifiedTime())
					&& Objects.equals(this.fileKey, attributes.fileKey());
		}

	}

}
