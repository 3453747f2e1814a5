package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A request body on its way from the client to the script: one thread writes what the
 * client sends, as fast as it comes, and the script's feeder reads it in order as it
 * arrives. What the script has not read yet stays in memory up to a bound; beyond it,
 * it waits in a temporary file, which is unlinked as soon as it is open (nothing is left
 * on disk even if the server dies) and is reused from its start whenever the reader has
 * caught up. So memory stays bounded, and the file only grows by how far the script
 * lags behind the client.
 *
 * <p>The writer never waits for the reader: that is what keeps a client that sends its
 * whole body before it reads from deadlocking with a script that writes while it reads.
 */
final class BodySpool implements AutoCloseable {

	private final long memoryLimit;

	private final SpoolFolder folder;

	private final Object lock = new Object();

	private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();

	private long inMemory;

	private int chunksInFile;

	private long fileEnd;

	private @Nullable FileChannel file;

	private long written;

	private boolean finished;

	private boolean closed;

	/**
	 * @param memoryLimit the unread bytes kept in memory
	 * @param folder where unread bytes beyond that wait
	 */
	BodySpool(long memoryLimit, SpoolFolder folder) {
		this.memoryLimit = memoryLimit;
		this.folder = folder;
	}

	/**
	 * Appends bytes from the client.
	 * @param bytes the buffer
	 * @param offset where the bytes start
	 * @param length how many
	 * @throws IOException when the temporary file cannot be written, or the spool is
	 * closed
	 */
	void write(byte[] bytes, int offset, int length) throws IOException {
		if (length == 0) {
			return;
		}
		long position;
		synchronized (this.lock) {
			if (this.closed) {
				throw new IOException("The request body is no longer wanted");
			}
			if (this.inMemory + length <= this.memoryLimit) {
				this.chunks.add(new Chunk(Arrays.copyOfRange(bytes, offset, offset + length)));
				this.inMemory += length;
				this.written += length;
				this.lock.notifyAll();
				return;
			}
			if (this.chunksInFile == 0) {
				// The reader has read everything in the file: start it over.
				this.fileEnd = 0;
			}
			position = this.fileEnd;
		}
		FileChannel channel = fileChannel();
		ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
		long at = position;
		while (buffer.hasRemaining()) {
			at += channel.write(buffer, at);
		}
		synchronized (this.lock) {
			this.chunks.add(new Chunk(position, length));
			this.chunksInFile++;
			this.fileEnd = position + length;
			this.written += length;
			this.lock.notifyAll();
		}
	}

	private FileChannel fileChannel() throws IOException {
		synchronized (this.lock) {
			if (this.file != null) {
				return this.file;
			}
		}
		Path path = this.folder.newFile();
		FileChannel channel;
		try {
			channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
		}
		finally {
			Files.deleteIfExists(path);
		}
		synchronized (this.lock) {
			if (this.closed) {
				channel.close();
				throw new IOException("The request body is no longer wanted");
			}
			this.file = channel;
			return channel;
		}
	}

	/**
	 * Marks the end of the body, whether the client sent all of it or not: the reader
	 * then sees the end after what was written.
	 */
	void finish() {
		synchronized (this.lock) {
			this.finished = true;
			this.lock.notifyAll();
		}
	}

	/**
	 * The bytes written so far.
	 * @return the count
	 */
	long length() {
		synchronized (this.lock) {
			return this.written;
		}
	}

	/**
	 * The stream of the body, blocking until more is written or the body is finished.
	 * There is one reader: bytes read are gone from the spool.
	 * @return the stream
	 */
	InputStream reader() {
		return new Reader();
	}

	/**
	 * Frees the memory and the temporary file; a reader that is still waiting sees the
	 * end of the body.
	 */
	@Override
	public void close() throws IOException {
		FileChannel channel;
		synchronized (this.lock) {
			this.closed = true;
			this.finished = true;
			this.chunks.clear();
			this.inMemory = 0;
			channel = this.file;
			this.file = null;
			this.lock.notifyAll();
		}
		if (channel != null) {
			channel.close();
		}
	}

	/**
	 * Unread bytes: in memory, or a region of the file.
	 */
	private static final class Chunk {

		private final byte @Nullable [] bytes;

		private long position;

		private int remaining;

		Chunk(byte[] bytes) {
			this.bytes = bytes;
			this.remaining = bytes.length;
		}

		Chunk(long filePosition, int length) {
			this.bytes = null;
			this.position = filePosition;
			this.remaining = length;
		}

	}

	private final class Reader extends InputStream {

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int read = read(one, 0, 1);
			return (read < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			Chunk chunk;
			FileChannel channel;
			synchronized (BodySpool.this.lock) {
				chunk = awaitChunk();
				if (chunk == null) {
					return -1;
				}
				byte[] bytes = chunk.bytes;
				if (bytes != null) {
					int count = Math.min(length, chunk.remaining);
					System.arraycopy(bytes, bytes.length - chunk.remaining, target, offset, count);
					consume(chunk, count);
					return count;
				}
				channel = BodySpool.this.file;
			}
			// Read outside the lock; the chunk stays queued until read, so the writer does
			// not start the file over beneath it.
			int count = (channel != null)
					? channel.read(ByteBuffer.wrap(target, offset, Math.min(length, chunk.remaining)), chunk.position)
					: -1;
			synchronized (BodySpool.this.lock) {
				if (count <= 0 || BodySpool.this.closed) {
					return -1;
				}
				consume(chunk, count);
				return count;
			}
		}

		private @Nullable Chunk awaitChunk() throws IOException {
			while (BodySpool.this.chunks.isEmpty() && !BodySpool.this.finished) {
				try {
					BodySpool.this.lock.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("Interrupted while waiting for the request body", ex);
				}
			}
			return BodySpool.this.chunks.peekFirst();
		}

		private void consume(Chunk chunk, int count) {
			chunk.remaining -= count;
			chunk.position += count;
			if (chunk.bytes != null) {
				BodySpool.this.inMemory -= count;
			}
			if (chunk.remaining == 0) {
				BodySpool.this.chunks.pollFirst();
				if (chunk.bytes == null) {
					BodySpool.this.chunksInFile--;
				}
			}
		}

		@Override
		public int available() {
			synchronized (BodySpool.this.lock) {
				Chunk first = BodySpool.this.chunks.peekFirst();
				return (first != null) ? first.remaining : 0;
			}
		}

	}

}
