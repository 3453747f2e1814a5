package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runs' temporary folders: emptied when a run is done and handed to a later run under
 * a fresh name, with the mode of a new one whatever the run did to it.
 */
class RunTemporaryFoldersTests {

	@TempDir
	Path temporary;

	private RunTemporaryFolders folders;

	@AfterEach
	void close() {
		if (this.folders != null) {
			this.folders.close();
		}
	}

	@Test
	void aReleasedFolderServesALaterRunEmptyUnderAnotherName() throws IOException {
		this.folders = RunTemporaryFolders.create(this.temporary);
		Path first = this.folders.take(null);
		Files.writeString(first.resolve("draft"), "secret");
		Files.createDirectories(first.resolve("inner/deeper"));
		Files.setPosixFilePermissions(first.resolve("inner"), PosixFilePermissions.fromString("---------"));
		Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rwxrwxrwx"));
		this.folders.release(first, null);
		Path second = this.folders.take(null);
		assertThat(second).isNotEqualTo(first).isEmptyDirectory();
		assertThat(first).doesNotExist();
		assertThat(Files.getPosixFilePermissions(second)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
	}

	@Test
	void aFolderItsRunMadeUnreadableIsEmptiedToo() throws IOException {
		this.folders = RunTemporaryFolders.create(this.temporary);
		Path first = this.folders.take(null);
		Files.writeString(first.resolve("draft"), "secret");
		Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("---------"));
		this.folders.release(first, null);
		Path second = this.folders.take(null);
		assertThat(first).doesNotExist();
		assertThat(second).isEmptyDirectory();
	}

	@Test
	void everyRunGetsAFreshNameWhetherItsFolderIsNewOrKept() throws IOException {
		this.folders = RunTemporaryFolders.create(this.temporary);
		Set<Path> seen = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			Path folder = this.folders.take(null);
			assertThat(seen.add(folder)).isTrue();
			this.folders.release(folder, null);
		}
	}

	@Test
	void beyondTheKeptOnesAReleasedFolderIsRemoved() throws IOException {
		this.folders = RunTemporaryFolders.create(this.temporary);
		Path[] created = new Path[RunTemporaryFolders.SPARES_PER_USER + 1];
		for (int i = 0; i < created.length; i++) {
			created[i] = this.folders.take(null);
		}
		for (Path folder : created) {
			this.folders.release(folder, null);
		}
		assertThat(created[created.length - 1]).doesNotExist();
		assertThat(created[0]).isEmptyDirectory();
	}

}
