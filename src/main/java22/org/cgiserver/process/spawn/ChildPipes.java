package org.cgiserver.process.spawn;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.spawn.helper.Posix;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The three pipes of a child about to be started: the child's ends as descriptors, to be
 * handed to the child, and the server's ends as streams. Every descriptor is
 * close-on-exec, so that no other child inherits them. With a {@link ReadinessPoller},
 * the child's output and error can also be read by virtual threads without holding a
 * platform thread while the child is silent ({@link PolledPipeInput}).
 */
final class ChildPipes implements AutoCloseable {

	private final Posix posix;

	private final int[] childEnds = { -1, -1, -1 };

	private final OutputStream stdin;

	private final InputStream stdout;

	private final InputStream stderr;

	private ChildPipes(Posix posix, int[] fds, @Nullable ReadinessPoller poller) throws IOException {
		this.posix = posix;
		this.childEnds[0] = fds[0];
		this.childEnds[1] = fds[3];
		this.childEnds[2] = fds[5];
		OutputStream in = null;
		InputStream out = null;
		InputStream err = null;
		try {
			// Reopened while both ends of every pipe are open, so that no open can wait for the other side.
			in = new FileOutputStream(descriptorPath(fds[1]));
			out = new FileInputStream(descriptorPath(fds[2]));
			err = new FileInputStream(descriptorPath(fds[4]));
		}
		catch (IOException ex) {
			closeQuietly(in);
			closeQuietly(out);
			closeQuietly(err);
			throw ex;
		}
		// Unbuffered: every writer of a script's input writes whole chunks and flushes them.
		this.stdin = in;
		this.stdout = (poller != null) ? new PolledPipeInput(poller, out, fds[2]) : new BufferedInputStream(out);
		this.stderr = (poller != null) ? new PolledPipeInput(poller, err, fds[4]) : new BufferedInputStream(err);
	}

	/**
	 * Opens the pipes.
	 * @param posix the C library
	 * @param poller what lets virtual threads wait for the child's output, or {@code null}
	 * @return the pipes; closing them closes the child's ends
	 * @throws IOException when a pipe cannot be made
	 */
	static ChildPipes open(Posix posix, @Nullable ReadinessPoller poller) throws IOException {
		int[] fds = { -1, -1, -1, -1, -1, -1 };
		boolean opened = false;
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment callState = Posix.callState(arena);
			MemorySegment pair = arena.allocate(JAVA_INT, 2);
			for (int index = 0; index < fds.length; index += 2) {
				int result;
				try {
					result = (int) posix.pipe2.invokeExact(callState, pair, Posix.O_CLOEXEC);
				}
				catch (Throwable ex) {
					throw new IllegalStateException("pipe2 failed", ex);
				}
				if (result != 0) {
					throw posix.failure("Cannot create a pipe", Posix.errno(callState));
				}
				fds[index] = pair.getAtIndex(JAVA_INT, 0);
				fds[index + 1] = pair.getAtIndex(JAVA_INT, 1);
			}
			ChildPipes pipes = new ChildPipes(posix, fds, poller);
			opened = true;
			return pipes;
		}
		finally {
			// The server's ends are open as streams now (the output's and error's, when
			// polled, by their descriptors too); the child's ends belong to the instance, or
			// to nobody when it could not be made.
			for (int index = 0; index < fds.length; index++) {
				boolean streamsOwnIt = opened && poller != null && (index == 2 || index == 4);
				if (!streamsOwnIt && (!opened || index == 1 || index == 2 || index == 4)) {
					posix.closeQuietly(fds[index]);
				}
			}
		}
	}

	/**
	 * The child's ends: its standard input, output and error.
	 * @return the descriptors
	 */
	int[] childEnds() {
		return this.childEnds.clone();
	}

	OutputStream stdin() {
		return this.stdin;
	}

	InputStream stdout() {
		return this.stdout;
	}

	InputStream stderr() {
		return this.stderr;
	}

	/**
	 * Closes the server's ends, when the child could not be started.
	 */
	void closeServerEnds() {
		closeQuietly(this.stdin);
		closeQuietly(this.stdout);
		closeQuietly(this.stderr);
	}

	/**
	 * Closes the child's ends, once the child has them (or will never have them).
	 */
	@Override
	public void close() {
		for (int i = 0; i < this.childEnds.length; i++) {
			this.posix.closeQuietly(this.childEnds[i]);
			this.childEnds[i] = -1;
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Already failing; the first error is the one reported.
			}
		}
	}

	private static String descriptorPath(int fd) {
		return "/proc/self/fd/" + fd;
	}

}
