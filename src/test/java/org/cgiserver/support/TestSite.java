package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A throw-away site folder that other users can read: scripts run as {@code nobody}
 * when the tests run as root, and JUnit's {@code @TempDir} is private to its owner.
 * Registered as a static extension, it deletes itself after the test class. Its
 * {@code www} folder is the document root that {@link #serve} registers.
 */
public final class TestSite implements AfterAllCallback {

	private final Path root;

	private TestSite(Path root) {
		this.root = root;
	}

	public static TestSite create() {
		return createIn(Path.of(System.getProperty("java.io.tmpdir")));
	}

	/**
	 * A site in another folder than the system's temporary one, for runs that get a
	 * {@code /tmp} of their own, which would hide a site under {@code /tmp}.
	 * @param parent the folder the site is made in, such as {@code /var/tmp}
	 * @return the site
	 */
	public static TestSite createIn(Path parent) {
		try {
			Path root = Files.createTempDirectory(parent, "cgiserver-test-");
			Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
			return new TestSite(root.toRealPath());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Path root() {
		return this.root;
	}

	/** A path in the site, which need not exist. */
	public Path path(String relative) {
		return this.root.resolve(relative);
	}

	/** The document root: the site's {@code www} folder. */
	public Path www() {
		return this.root.resolve("www");
	}

	/**
	 * Registers the site's {@code www} folder as {@code cgi.document-root}, for a
	 * {@code @DynamicPropertySource} method.
	 * @return the registry, to add more properties
	 */
	public SiteProperties serve(DynamicPropertyRegistry registry) {
		return new SiteProperties(this, registry);
	}

	public Path folder(String relative) {
		Path folder = this.root.resolve(relative);
		try {
			Files.createDirectories(folder);
			for (Path p = folder; p.startsWith(this.root); p = p.getParent()) {
				Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return folder;
	}

	/** A folder that scripts may write to, whatever user they run as. */
	public Path writableFolder(String relative) {
		Path folder = folder(relative);
		try {
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return folder;
	}

	public Path file(String relative, String content) {
		return file(relative, content.getBytes(StandardCharsets.UTF_8), "rw-r--r--");
	}

	/** A script, executable by everyone. */
	public Path script(String relative, String content) {
		return file(relative, content.getBytes(StandardCharsets.UTF_8), "rwxr-xr-x");
	}

	/** A {@code /bin/sh} script running the given commands. */
	public Path sh(String relative, String commands) {
		return script(relative, "#!/bin/sh\n" + commands);
	}

	/** A {@code /bin/sh} script that answers {@code text/plain} with the given text. */
	public Path textScript(String relative, String text) {
		return sh(relative, "printf 'Content-Type: text/plain\\n\\n%s' '" + text.replace("'", "'\\''") + "'\n");
	}

	/** A symbolic link in the site, to a path anywhere. */
	public Path symlink(String relative, Path target) {
		Path link = this.root.resolve(relative);
		try {
			Files.createSymbolicLink(link, target);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return link;
	}

	public Path file(String relative, byte[] content, String permissions) {
		Path file = this.root.resolve(relative);
		Path parent = file.getParent();
		if (!parent.equals(this.root)) {
			folder(this.root.relativize(parent).toString());
		}
		try {
			Files.write(file, content);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	@Override
	public void afterAll(ExtensionContext context) {
		delete();
	}

	public void delete() {
		try (Stream<Path> paths = Files.walk(this.root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
