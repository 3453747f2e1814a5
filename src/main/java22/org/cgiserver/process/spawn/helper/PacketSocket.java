package org.cgiserver.process.spawn.helper;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One end of a Unix {@code SOCK_SEQPACKET} socket pair: whole messages, each optionally
 * carrying open descriptors ({@code SCM_RIGHTS}). Sends are atomic, so several threads
 * may send at once; one thread receives.
 */
public final class PacketSocket implements AutoCloseable {

	/** Up to this many descriptors travel with one message. */
	public static final int MAX_DESCRIPTORS = 4;

	/** What {@link #receive} returns when no message came within the receive timeout. */
	public static final long TIMED_OUT = -1;

	/**
	 * The two ends of a pair.
	 *
	 * @param near the end this process keeps
	 * @param far the end handed to the other process
	 */
	public record Pair(PacketSocket near, PacketSocket far) {

	}

	private static final int MSG_NOSIGNAL = 0x4000;

	// struct msghdr, struct iovec and struct cmsghdr on 64-bit Linux.
	private static final long MESSAGE_SIZE = 56;

	private static final long IOV = 16;

	private static final long IOV_LENGTH = 24;

	private static final long CONTROL = 32;

	private static final long CONTROL_LENGTH = 40;

	private static final long FLAGS = 48;

	private static final long VECTOR_SIZE = 16;

	private static final long CONTROL_HEADER_SIZE = 16;

	private static final long CONTROL_ROOM = CONTROL_HEADER_SIZE + MAX_DESCRIPTORS * 4;

	private final Posix posix;

	private final int fd;

	PacketSocket(Posix posix, int fd) {
		this.posix = posix;
		this.fd = fd;
	}

	/**
	 * Makes a connected pair, both ends close-on-exec.
	 * @param posix the C library
	 * @return the two ends
	 * @throws IOException when the system refuses
	 */
	public static Pair pair(Posix posix) throws IOException {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment callState = Posix.callState(arena);
			MemorySegment fds = arena.allocate(JAVA_INT, 2);
			int result = (int) posix.socketpair.invokeExact(callState, Posix.AF_UNIX,
					Posix.SOCK_SEQPACKET | Posix.O_CLOEXEC, 0, fds);
			if (result != 0) {
				throw posix.failure("Cannot create a socket pair", Posix.errno(callState));
			}
			return new Pair(new PacketSocket(posix, fds.getAtIndex(JAVA_INT, 0)),
					new PacketSocket(posix, fds.getAtIndex(JAVA_INT, 1)));
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("socketpair failed", ex);
		}
	}

	public int fd() {
		return this.fd;
	}

	/**
	 * Makes {@link #receive} give up after a while without a message.
	 * @param timeout how long it waits
	 * @throws IOException when the system refuses
	 */
	public void receiveTimeout(Duration timeout) throws IOException {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment callState = Posix.callState(arena);
			// struct timeval: seconds and microseconds.
			MemorySegment time = arena.allocate(16, 8);
			time.set(JAVA_LONG, 0, timeout.toSeconds());
			time.set(JAVA_LONG, 8, timeout.toNanosPart() / 1000);
			int result = (int) this.posix.setsockopt.invokeExact(callState, this.fd, Posix.SOL_SOCKET,
					Posix.SO_RCVTIMEO, time, 16);
			if (result != 0) {
				throw this.posix.failure("Cannot set the socket's receive timeout", Posix.errno(callState));
			}
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("setsockopt failed", ex);
		}
	}

	/**
	 * Sends one message.
	 * @param data the message
	 * @param descriptors descriptors to send with it, at most {@link #MAX_DESCRIPTORS}
	 * @throws IOException when it cannot be sent, as when the other end is closed
	 */
	public void send(MemorySegment data, int... descriptors) throws IOException {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment message = header(arena, data, data.byteSize());
			if (descriptors.length > 0) {
				MemorySegment control = message.get(ADDRESS, CONTROL).reinterpret(CONTROL_ROOM);
				control.set(JAVA_LONG, 0, CONTROL_HEADER_SIZE + descriptors.length * 4L);
				control.set(JAVA_INT, 8, Posix.SOL_SOCKET);
				control.set(JAVA_INT, 12, Posix.SCM_RIGHTS);
				for (int i = 0; i < descriptors.length; i++) {
					control.set(JAVA_INT, CONTROL_HEADER_SIZE + i * 4L, descriptors[i]);
				}
				message.set(JAVA_LONG, CONTROL_LENGTH, CONTROL_HEADER_SIZE + align(descriptors.length * 4L));
			}
			else {
				message.set(ADDRESS, CONTROL, MemorySegment.NULL);
				message.set(JAVA_LONG, CONTROL_LENGTH, 0);
			}
			MemorySegment callState = Posix.callState(arena);
			long sent = (long) this.posix.sendmsg.invokeExact(callState, this.fd, message, MSG_NOSIGNAL);
			if (sent != data.byteSize()) {
				throw this.posix.failure("Cannot send to the spawn helper", (sent < 0) ? Posix.errno(callState) : 0);
			}
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("sendmsg failed", ex);
		}
	}

	/**
	 * Receives one message, waiting for it.
	 * @param buffer where the message is written
	 * @param descriptors where the descriptors that came with it are written, -1 after the
	 * last
	 * @return the message's length, 0 when the other end is closed, or {@link #TIMED_OUT}
	 * @throws IOException when it cannot be received, or was cut short
	 */
	public long receive(MemorySegment buffer, int[] descriptors) throws IOException {
		Arrays.fill(descriptors, -1);
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment message = header(arena, buffer, buffer.byteSize());
			MemorySegment callState = Posix.callState(arena);
			long received;
			do {
				received = (long) this.posix.recvmsg.invokeExact(callState, this.fd, message,
						Posix.MSG_CMSG_CLOEXEC);
			}
			while (received < 0 && Posix.errno(callState) == Posix.EINTR);
			if (received < 0 && Posix.errno(callState) == Posix.EAGAIN) {
				return TIMED_OUT;
			}
			if (received < 0) {
				throw this.posix.failure("Cannot receive from the socket", Posix.errno(callState));
			}
			MemorySegment control = message.get(ADDRESS, CONTROL).reinterpret(CONTROL_ROOM);
			long controlLength = message.get(JAVA_LONG, CONTROL_LENGTH);
			if (controlLength >= CONTROL_HEADER_SIZE && control.get(JAVA_INT, 8) == Posix.SOL_SOCKET
					&& control.get(JAVA_INT, 12) == Posix.SCM_RIGHTS) {
				long count = Math.min((control.get(JAVA_LONG, 0) - CONTROL_HEADER_SIZE) / 4, MAX_DESCRIPTORS);
				for (int i = 0; i < count; i++) {
					descriptors[i] = control.get(JAVA_INT, CONTROL_HEADER_SIZE + i * 4L);
				}
			}
			if ((message.get(JAVA_INT, FLAGS) & (Posix.MSG_TRUNC | Posix.MSG_CTRUNC)) != 0) {
				closeAll(descriptors);
				throw new IOException("A message did not fit (" + received + " bytes)");
			}
			return received;
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("recvmsg failed", ex);
		}
	}

	/**
	 * Closes descriptors that came with a message.
	 * @param descriptors the descriptors, -1 for none
	 */
	public void closeAll(int[] descriptors) {
		for (int i = 0; i < descriptors.length; i++) {
			this.posix.closeQuietly(descriptors[i]);
			descriptors[i] = -1;
		}
	}

	/**
	 * Ends both ways of the connection, for every copy of its descriptor: a receive on
	 * this end then sees the end, even when another process holds the other end.
	 */
	public void shutdown() {
		try {
			int ignored = (int) this.posix.shutdown.invokeExact(this.fd, Posix.SHUT_RDWR);
		}
		catch (Throwable ex) {
			// Closed already.
		}
	}

	@Override
	public void close() {
		this.posix.closeQuietly(this.fd);
	}

	private static MemorySegment header(Arena arena, MemorySegment data, long length) {
		MemorySegment vector = arena.allocate(VECTOR_SIZE, 8);
		vector.set(ADDRESS, 0, data);
		vector.set(JAVA_LONG, 8, length);
		MemorySegment message = arena.allocate(MESSAGE_SIZE, 8);
		message.set(ADDRESS, IOV, vector);
		message.set(JAVA_LONG, IOV_LENGTH, 1);
		message.set(ADDRESS, CONTROL, arena.allocate(CONTROL_ROOM, 8));
		message.set(JAVA_LONG, CONTROL_LENGTH, CONTROL_ROOM);
		return message;
	}

	private static long align(long length) {
		return (length + 7) & ~7L;
	}

}
