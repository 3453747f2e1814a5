package org.cgiserver.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Copies of small files: used only while the file is the one read, never made of a file
 * that may still be being written, and never made of large files.
 */
class SmallFilesTests {

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	@TempDir
	Path folder;

	@Test
	void aSettledFileIsKeptWhileItsAttributesAreThoseItWasReadWith() throws IOException {
		SmallFiles files = new SmallFiles(Clock.fixed(NOW, ZoneOffset.UTC));
		Path file = write("page.html", "first", NOW.minusSeconds(60));
		assertThat(read(files, file)).isEqualTo("first");
		// Rewritten behind the attributes' back: the copy is what is served.
		write("page.html", "other", NOW.minusSeconds(60));
		assertThat(read(files, file)).isEqualTo("first");
		write("page.html", "third", NOW.minusSeconds(59));
		assertThat(read(files, file)).isEqualTo("third");
		write("page.html", "fourth!", NOW.minusSeconds(59));
		assertThat(read(files, file)).isEqualTo("fourth!");
	}

	@Test
	void aFileModifiedJustNowIsReadEveryTime() throws IOException {
		SmallFiles files = new SmallFiles(Clock.fixed(NOW, ZoneOffset.UTC));
		Path file = write("page.html", "first", NOW.minusMillis(500));
		assertThat(read(files, file)).isEqualTo("first");
		write("page.html", "again", NOW.minusMillis(500));
		assertThat(read(files, file)).isEqualTo("again");
	}

	@Test
	void aReplacedFileIsReadAgain() throws IOException {
		SmallFiles files = new SmallFiles(Clock.fixed(NOW, ZoneOffset.UTC));
		Path file = write("page.html", "first", NOW.minusSeconds(60));
		assertThat(read(files, file)).isEqualTo("first");
		Path next = write("page.html.new", "other", NOW.minusSeconds(60));
		Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		assertThat(read(files, file)).isEqualTo("other");
	}

	@Test
	void largeFilesAreLeftToTheCaller() throws IOException {
		SmallFiles files = new SmallFiles(Clock.fixed(NOW, ZoneOffset.UTC));
		Path file = write("large.bin", "x".repeat(SmallFiles.MAX_FILE_SIZE + 1), NOW.minusSeconds(60));
		assertThat(files.contents(file, attributes(file))).isNull();
	}

	@Test
	void theCopiesStayWithinTheirBound() throws IOException {
		SmallFiles files = new SmallFiles(Clock.fixed(NOW, ZoneOffset.UTC));
		int count = (int) (SmallFiles.MAX_TOTAL_SIZE / SmallFiles.MAX_FILE_SIZE) + 4;
		String content = "y".repeat(SmallFiles.MAX_FILE_SIZE);
		for (int i = 0; i < count; i++) {
			Path file = write("file" + i, content, NOW.minusSeconds(60));
			assertThat(read(files, file)).isEqualTo(content);
		}
		int kept = 0;
		for (int i = 0; i < count; i++) {
			Path file = this.folder.resolve("file" + i);
			BasicFileAttributes before = attributes(file);
			write("file" + i, "z".repeat(SmallFiles.MAX_FILE_SIZE), NOW.minusSeconds(60));
			if (new String(files.contents(file, before), StandardCharsets.UTF_8).startsWith("y")) {
				kept++;
			}
		}
		assertThat(kept).isLessThanOrEqualTo((int) (SmallFiles.MAX_TOTAL_SIZE / SmallFiles.MAX_FILE_SIZE));
	}

	private Path write(String name, String content, Instant modified) throws IOException {
		Path file = Files.writeString(this.folder.resolve(name), content);
		Files.setLastModifiedTime(file, FileTime.from(modified));
		return file;
	}

	private static String read(SmallFiles files, Path file) throws IOException {
		return new String(files.contents(file, attributes(file)), StandardCharsets.UTF_8);
	}

	private static BasicFileAttributes attributes(Path file) throws IOException {
		return Files.readAttributes(file, BasicFileAttributes.class);
	}

}
