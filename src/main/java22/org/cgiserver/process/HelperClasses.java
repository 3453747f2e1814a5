package org.cgiserver.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The spawn helper's classes, and nothing else, in a sealed in-memory file: the helper
 * reads them through a descriptor of it, so it needs no access to where the server's jar
 * is, and a script that catches the helper while it starts (before it makes itself
 * undumpable) finds only these public classes there, not the server's jar.
 */
final class HelperClasses implements AutoCloseable {

	/** What the helper runs: these and their nested classes. */
	private static final List<Class<?>> CLASSES = List.of(SpawnHelper.class, HelperProtocol.class, PacketSocket.class,
			Spawner.class, Posix.class);

	private final Posix posix;

	private final int fd;

	private HelperClasses(Posix posix, int fd) {
		this.posix = posix;
		this.fd = fd;
	}

	/**
	 * Writes the classes into a new in-memory file and seals it.
	 * @param posix the C library
	 * @return the file
	 * @throws IOException when a class cannot be read or the file cannot be made
	 */
	static HelperClasses create(Posix posix) throws IOException {
		byte[] jar = jar();
		int fd = memoryFile(posix);
		try {
			Files.write(Path.of("/proc/self/fd/" + fd), jar);
			seal(posix, fd);
			return new HelperClasses(posix, fd);
		}
		catch (IOException | RuntimeException ex) {
			posix.closeQuietly(fd);
			throw ex;
		}
	}

	/**
	 * The file's descriptor, close-on-exec in the server.
	 * @return the descriptor
	 */
	int fd() {
		return this.fd;
	}

	@Override
	public void close() {
		this.posix.closeQuietly(this.fd);
	}

	private static byte[] jar() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(bytes)) {
			Deque<Class<?>> classes = new ArrayDeque<>(CLASSES);
			while (!classes.isEmpty()) {
				Class<?> type = classes.pop();
				String name = type.getName().replace('.', '/') + ".class";
				try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
					if (in == null) {
						throw new IOException("Cannot find the class file " + name);
					}
					jar.putNextEntry(new JarEntry(name));
					in.transferTo(jar);
					jar.closeEntry();
				}
				classes.addAll(List.of(type.getDeclaredClasses()));
			}
		}
		return bytes.toByteArray();
	}

	private static int memoryFile(Posix posix) throws IOException {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment callState = Posix.callState(arena);
			MemorySegment name = arena.allocateFrom("cgiserver-spawn-helper");
			int flags = Posix.MFD_CLOEXEC | Posix.MFD_ALLOW_SEALING;
			int fd = (int) posix.memfdCreate.invokeExact(callState, name, flags | Posix.MFD_NOEXEC_SEAL);
			if (fd < 0 && Posix.errno(callState) == Posix.EINVAL) {
				fd = (int) posix.memfdCreate.invokeExact(callState, name, flags);
			}
			if (fd < 0) {
				throw posix.failure("Cannot create the spawn helper's class file", Posix.errno(callState));
			}
			return fd;
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("memfd_create failed", ex);
		}
	}

	private static void seal(Posix posix, int fd) throws IOException {
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment callState = Posix.callState(arena);
			if ((int) posix.fcntl.invokeExact(callState, fd, Posix.F_ADD_SEALS, Posix.ALL_SEALS) != 0) {
				throw posix.failure("Cannot seal the spawn helper's class file", Posix.errno(callState));
			}
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("fcntl failed", ex);
		}
	}

}
