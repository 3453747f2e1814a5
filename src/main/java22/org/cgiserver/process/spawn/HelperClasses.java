package org.cgiserver.process.spawn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.cgiserver.process.spawn.helper.Posix;
import org.cgiserver.process.spawn.helper.SpawnHelper;

/**
 * The spawn helper's classes, and nothing else, in a sealed in-memory file: every class
 * of the helper's package ({@code org.cgiserver.process.spawn.helper}), copied from where
 * the server loaded it, so that what the helper may load is that package and not a list
 * to keep. The helper reads them through a descriptor of it, so it needs no access to
 * where the server's jar is, and a script that catches the helper while it starts (before
 * it makes itself undumpable) finds only these public classes there, not the server's
 * jar.
 */
final class HelperClasses implements AutoCloseable {

	/** Where the helper's package is, in a jar (its Java 22 part) or a folder of classes. */
	private static final String FOLDER = SpawnHelper.class.getPackageName().replace('.', '/') + "/";

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
			for (ClassFile file : classFiles()) {
				jar.putNextEntry(new JarEntry(file.name()));
				jar.write(file.content());
				jar.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	/**
	 * The class files of the helper's package, nested classes included, where the server
	 * loaded them from: the jar, read as the running JDK reads it (its Java 22 part), or a
	 * folder of classes (tests, {@code spring-boot:run}).
	 */
	private static List<ClassFile> classFiles() throws IOException {
		Path location = location();
		List<ClassFile> files = Files.isDirectory(location) ? fromFolder(location.resolve(FOLDER)) : fromJar(location);
		String main = FOLDER + SpawnHelper.class.getSimpleName() + ".class";
		if (files.stream().noneMatch((file) -> file.name().equals(main))) {
			throw new IOException("Cannot find the spawn helper's classes in " + location);
		}
		return files;
	}

	private static List<ClassFile> fromFolder(Path folder) throws IOException {
		List<ClassFile> files = new ArrayList<>();
		try (Stream<Path> listed = Files.list(folder)) {
			for (Path file : listed.filter((file) -> file.getFileName().toString().endsWith(".class")).toList()) {
				files.add(new ClassFile(FOLDER + file.getFileName(), Files.readAllBytes(file)));
			}
		}
		return files;
	}

	private static List<ClassFile> fromJar(Path location) throws IOException {
		List<ClassFile> files = new ArrayList<>();
		try (JarFile jar = new JarFile(location.toFile(), true, ZipFile.OPEN_READ, Runtime.version())) {
			for (JarEntry entry : jar.versionedStream().filter(HelperClasses::inPackage).toList()) {
				try (InputStream in = jar.getInputStream(entry)) {
					files.add(new ClassFile(entry.getName(), in.readAllBytes()));
				}
			}
		}
		return files;
	}

	private static boolean inPackage(JarEntry entry) {
		String name = entry.getName();
		return name.startsWith(FOLDER) && name.endsWith(".class") && name.indexOf('/', FOLDER.length()) < 0;
	}

	private static Path location() throws IOException {
		CodeSource source = SpawnHelper.class.getProtectionDomain().getCodeSource();
		if (source == null || source.getLocation() == null) {
			throw new IOException("Cannot tell where the spawn helper's classes are");
		}
		try {
			return Path.of(source.getLocation().toURI());
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			throw new IOException("Cannot read the spawn helper's classes from " + source.getLocation(), ex);
		}
	}

	/**
	 * A class file to copy.
	 *
	 * @param name its name in the jar
	 * @param content its bytes
	 */
	private record ClassFile(String name, byte[] content) {

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
