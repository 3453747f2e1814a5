package org.cgiserver.paths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.cgiserver.support.TestSite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class FileChecksTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@Test
	void folderThatCanBeListedHasNoProblem() {
		assertThat(FileChecks.folder(site.folder("ok"))).isNull();
	}

	@Test
	void missingFolder() {
		assertThat(FileChecks.folder(site.root().resolve("missing")))
			.isEqualTo(new FileChecks.Problem("missing", "the folder does not exist"));
	}

	@Test
	void fileWhereAFolderIsExpected() {
		assertThat(FileChecks.folder(site.file("file.txt", "x")))
			.isEqualTo(new FileChecks.Problem("not a folder", "it is not a folder"));
	}

	@Test
	void folderThatCannotBeSearched() throws IOException {
		Path folder = site.folder("locked");
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r--------"));
		try {
			// Root reads and searches every folder whatever its mode: only a normal user sees this.
			assumeFalse(Files.isExecutable(folder), "this user can search any folder");
			assertThat(FileChecks.folder(folder))
				.isEqualTo(new FileChecks.Problem("not readable", "the folder cannot be read"));
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("-wx------"));
			assertThat(FileChecks.folder(folder)).extracting(FileChecks.Problem::brief).isEqualTo("not readable");
		}
		finally {
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
	}

	@Test
	void executableProgramHasNoProblem() {
		assertThat(FileChecks.program(site.script("run.sh", "#!/bin/sh\n"))).isNull();
	}

	@Test
	void missingProgram() {
		assertThat(FileChecks.program(site.root().resolve("missing.sh")))
			.isEqualTo(new FileChecks.Problem("missing", "it does not exist"));
	}

	@Test
	void programThatCannotBeExecuted() {
		// No execute bit for anyone: not even root may run it.
		Path plain = site.file("plain.sh", "#!/bin/sh\n");
		assertThat(FileChecks.program(plain))
			.isEqualTo(new FileChecks.Problem("not executable", "it is neither a folder nor an executable file"));
	}

	@Test
	void folderIsNotAProgram() {
		assertThat(FileChecks.program(site.folder("bin"))).extracting(FileChecks.Problem::brief)
			.isEqualTo("not executable");
	}

}
