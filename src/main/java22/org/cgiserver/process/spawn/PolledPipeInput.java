package org.cgiserver.process.spawn;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.spawn.helper.Posix;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The server's end of a child's output pipe, read two ways. A platform thread reads it
 * as the JDK's own streams do, through a blocking file stream, and waits in the kernel.
 * A virtual thread reads the pipe's other descriptor, which never blocks: when nothing
 * is there, the thread parks and the {@link ReadinessPoller} wakes it, so a long silence
 * of the script (an idle WebSocket session) holds no platform thread, where a blocking
 * read would hold the virtual thread's carrier. Both read the same pipe; one reader at a
 * time, as with any stream.
 */
final class PolledPipeInput extends InputStream {

	private static final int CHUNK = 8192;

	private final PollCalls calls;

	private final ReadinessPoller poller;

	private final InputStream file;

	/** The file, buffered once a platform thread reads it: a virtual reader needs no buffer on the heap. */
	private @Nullable InputStream blocking;

	private final int fd;

	/** Held around every use of the descriptor, so that it is never used once closed (and maybe reused). */
	private final ReentrantLock use = new ReentrantLock();

	/**
	 * Where a virtual reader's bytes land, and its reads' errno: made, and the descriptor
	 * set non-blocking, by the first virtual read, as most pipes (a CGI run's, read by
	 * platform threads) never have one. Used under {@link #use} only.
	 */
	private @Nullable NativeSide nativeSide;

	private volatile @Nullable Thread waiter;

	private volatile boolean closed;

	private volatile boolean readable;

	/**
	 * @param poller what wakes a waiting virtual thread
	 * @param file the pipe as a blocking file stream, for platform threads
	 * @param fd the pipe's other descriptor, made non-blocking by the first virtual read,
	 * owned by this stream from now on
	 */
	PolledPipeInput(ReadinessPoller poller, InputStream file, int fd) {
		this.calls = poller.calls();
		this.poller = poller;
		this.file = file;
		this.fd = fd;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int read = read(one, 0, 1);
		return (read < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		if (!Thread.currentThread().isVirtual()) {
			return blocking().read(bytes, offset, length);
		}
		if (length == 0) {
			return 0;
		}
		while (true) {
			int read = readNow(bytes, offset, Math.min(length, CHUNK));
			if (read > 0) {
				return read;
			}
			if (read == 0) {
				return -1;
			}
			awaitReadable();
		}
	}

	/**
	 * Reads what is there.
	 * @return the bytes read, 0 at the end, or -1 when nothing is there yet
	 */
	private int readNow(byte[] bytes, int offset, int length) throws IOException {
		this.use.lock();
		try {
			if (this.closed) {
				throw new IOException("Stream closed");
			}
			NativeSide side = nativeSide();
			while (true) {
				long read = (long) this.calls.read.invokeExact(side.callState(), this.fd, side.buffer(), (long) length);
				if (read >= 0) {
					MemorySegment.copy(side.buffer(), JAVA_BYTE, 0, bytes, offset, (int) read);
					return (int) read;
				}
				int error = Posix.errno(side.callState());
				if (error == PollCalls.EAGAIN) {
					return -1;
				}
				if (error != PollCalls.EINTR) {
					throw this.calls.posix.failure("Cannot read a script's output", error);
				}
			}
		}
		catch (IOException | RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			this.use.unlock();
		}
	}

	private NativeSide nativeSide() throws IOException {
		NativeSide side = this.nativeSide;
		if (side == null) {
			this.calls.nonBlocking(this.fd);
			side = new NativeSide(Arena.ofAuto().allocate(CHUNK), Posix.callState(Arena.ofAuto()));
			this.nativeSide = side;
		}
		return side;
	}

	private void awaitReadable() throws IOException {
		Thread reader = Thread.currentThread();
		this.readable = false;
		this.waiter = reader;
		try {
			this.use.lock();
			try {
				if (this.closed) {
					throw new IOException("Stream closed");
				}
				this.poller.whenReadable(this.fd, () -> {
					this.readable = true;
					LockSupport.unpark(reader);
				});
			}
			finally {
				this.use.unlock();
			}
			while (!this.readable && !this.closed) {
				LockSupport.park(this);
				if (Thread.currentThread().isInterrupted()) {
					// As an interruptible channel would: the reader is asked to stop waiting.
					throw new InterruptedIOException("Interrupted while waiting for a script's output");
				}
			}
		}
		finally {
			this.waiter = null;
		}
	}

	private InputStream blocking() {
		InputStream blocking = this.blocking;
		if (blocking == null) {
			blocking = new BufferedInputStream(this.file);
			this.blocking = blocking;
		}
		return blocking;
	}

	@Override
	public int available() throws IOException {
		return (this.blocking != null) ? this.blocking.available() : this.file.available();
	}

	@Override
	public void close() throws IOException {
		this.use.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.poller.forget(this.fd);
			this.calls.posix.closeQuietly(this.fd);
		}
		finally {
			this.use.unlock();
		}
		// A virtual thread parked in a read learns that the stream is closed.
		Thread waiter = this.waiter;
		if (waiter != null) {
			LockSupport.unpark(waiter);
		}
		this.file.close();
	}

	/**
	 * What a virtual reader reads with.
	 * @param buffer where the bytes land
	 * @param callState the reads' errno
	 */
	private record NativeSide(MemorySegment buffer, MemorySegment callState) {
	}

}
