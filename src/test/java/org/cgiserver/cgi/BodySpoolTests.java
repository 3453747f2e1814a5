package org.cgiserver.cgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spool between a client's upload and its script: order kept, memory bounded, the
 * file reused once read, and leftovers of dead servers removed.
 */
class BodySpoolTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	private final SpoolFolder folder = new SpoolFolder(site.folder("spool"));

	@Test
	void whatIsWrittenIsReadInOrderAcrossMemoryAndFile() throws Exception {
		byte[] body = random(300_000);
		try (BodySpool spool = new BodySpool(1024, this.folder)) {
			for (int i = 0; i < body.length; i += 7000) {
				spool.write(body, i, Math.min(7000, body.length - i));
			}
			spool.finish();
			assertThat(spool.length()).isEqualTo(body.length);
			assertThat(spool.reader().readAllBytes()).isEqualTo(body);
		}
	}

	@Test
	void aReaderThatKeepsUpGetsEverythingWhileTheFileIsReused() throws Exception {
		byte[] body = random(2_000_000);
		try (BodySpool spool = new BodySpool(4096, this.folder)) {
			InputStream reader = spool.reader();
			CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
				ByteArrayOutputStream all = new ByteArrayOutputStream();
				byte[] buffer = new byte[3000];
				try {
					int count;
					while ((count = reader.read(buffer)) != -1) {
						all.write(buffer, 0, count);
					}
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
				return all.toByteArray();
			});
			for (int i = 0; i < body.length; i += 16384) {
				spool.write(body, i, Math.min(16384, body.length - i));
			}
			spool.finish();
			assertThat(read.get()).isEqualTo(body);
		}
	}

	@Test
	void theTemporaryFileIsUnlinkedAtOnce() throws Exception {
		try (BodySpool spool = new BodySpool(10, this.folder)) {
			spool.write(new byte[1000], 0, 1000);
			try (var files = Files.walk(this.folder.folder())) {
				assertThat(files.filter(Files::isRegularFile)).isEmpty();
			}
		}
	}

	@Test
	void aClosedSpoolEndsItsReader() throws Exception {
		BodySpool spool = new BodySpool(10, this.folder);
		spool.write(new byte[100], 0, 100);
		InputStream reader = spool.reader();
		spool.close();
		assertThat(reader.read(new byte[10])).isEqualTo(-1);
	}

	@Test
	void filesOfServersThatNoLongerRunAreRemovedAtStart() throws IOException {
		Path spool = site.folder("leftovers");
		long deadPid = ProcessHandle.current().pid() + 4_000_000;
		Path dead = Files.createFile(spool.resolve("cgiserver-body-" + deadPid + "-1.tmp"));
		Path alive = Files.createFile(spool.resolve("cgiserver-body-1-2.tmp"));
		Path other = Files.createFile(spool.resolve("unrelated.tmp"));
		assertThat(new SpoolFolder(spool).removeLeftovers()).isEqualTo(1);
		assertThat(dead).doesNotExist();
		assertThat(alive).exists();
		assertThat(other).exists();
	}

	@Test
	void spoolFilesAreInAFolderNobodyElseCanList() throws IOException {
		Path spoolFolder = site.folder("private");
		try (BodySpool spool = new BodySpool(10, new SpoolFolder(spoolFolder))) {
			spool.write(new byte[100], 0, 100);
			List<Path> folders;
			try (Stream<Path> entries = Files.list(spoolFolder)) {
				folders = entries.toList();
			}
			assertThat(folders).hasSize(1);
			assertThat(folders.get(0).getFileName().toString()).startsWith("cgiserver-spool-");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folders.get(0))))
				.isEqualTo("rwx------");
		}
	}

	@Test
	void foldersOfServersThatNoLongerRunAreRemovedAtStart() throws IOException {
		Path spool = site.folder("leftover-folders");
		long deadPid = ProcessHandle.current().pid() + 4_000_000;
		Path dead = Files.createDirectory(spool.resolve("cgiserver-spool-" + deadPid + "-1"));
		Files.createFile(dead.resolve("cgiserver-body-" + deadPid + "-1.tmp"));
		Path alive = Files.createDirectory(spool.resolve("cgiserver-spool-1-2"));
		assertThat(new SpoolFolder(spool).removeLeftovers()).isEqualTo(1);
		assertThat(dead).doesNotExist();
		assertThat(alive).exists();
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

}
