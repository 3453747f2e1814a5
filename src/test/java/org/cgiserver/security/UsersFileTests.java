package org.cgiserver.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

@ExtendWith(OutputCaptureExtension.class)
class UsersFileTests {

	private final TestSite site = TestSite.create();

	@AfterEach
	void delete() {
		this.site.delete();
	}

	@Test
	void aReplacedFileIsReadAgain() throws Exception {
		Path path = this.site.file("htpasswd", Users.file(Users.ALICE));
		UsersFile file = UsersFile.open(path);
		assertThat(file.contents().users()).containsExactly("alice");
		Files.move(this.site.file("htpasswd.new", Users.file(Users.BOB)), path, StandardCopyOption.REPLACE_EXISTING);
		assertThat(file.contents().users()).containsExactly("bob");
	}

	@Test
	void anUnchangedFileIsNotParsedAgain() throws Exception {
		UsersFile file = UsersFile.open(this.site.file("htpasswd", Users.file(Users.ALICE)));
		assertThat(file.contents()).isSameAs(file.contents());
	}

	@Test
	void aVanishedFileLetsNobodyInUntilItIsBack() throws Exception {
		Path path = this.site.file("htpasswd", Users.file(Users.ALICE));
		UsersFile file = UsersFile.open(path);
		Files.delete(path);
		assertThat(file.contents().users()).isEmpty();
		this.site.file("htpasswd", Users.file(Users.ALICE, Users.BOB));
		assertThat(file.contents().users()).containsExactlyInAnyOrder("alice", "bob");
	}

	@Test
	void anEditThatKeepsTheTimeButNotTheSizeIsReadAgain() throws Exception {
		Path path = this.site.file("htpasswd", Users.file(Users.ALICE));
		FileTime time = Files.getLastModifiedTime(path);
		UsersFile file = UsersFile.open(path);
		assertThat(file.contents().users()).containsExactly("alice");
		Files.writeString(path, Users.file(Users.ALICE, Users.BOB));
		Files.setLastModifiedTime(path, time);
		assertThat(file.contents().users()).containsExactlyInAnyOrder("alice", "bob");
	}

	@Test
	void anEditThatKeepsTheSizeButNotTheTimeIsReadAgain() throws Exception {
		Path path = this.site.file("htpasswd", Users.file(Users.ALICE));
		FileTime time = Files.getLastModifiedTime(path);
		UsersFile file = UsersFile.open(path);
		Files.writeString(path, Users.file(Users.ALICE.replace("alice:", "alize:")));
		Files.setLastModifiedTime(path, FileTime.from(time.toInstant().plusSeconds(1)));
		assertThat(file.contents().users()).containsExactly("alize");
	}

	@Test
	void aFileThatCannotBeReadLetsNobodyInUntilItIsFixed() throws Exception {
		Path path = this.site.file("htpasswd", Users.file(Users.ALICE));
		UsersFile file = UsersFile.open(path);
		Files.write(path, new byte[] { 'a', 'l', 'i', 'c', 'e', ':', (byte) 0xff, '\n' });
		assertThat(file.contents().users()).isEmpty();
		assertThat(file.contents()).isSameAs(UsersFileContents.NOBODY);
		Files.delete(path);
		Files.createDirectory(path);
		assertThat(file.contents()).isSameAs(UsersFileContents.NOBODY);
		Files.delete(path);
		this.site.file("htpasswd", Users.file(Users.BOB));
		assertThat(file.contents().users()).containsExactly("bob");
	}

	@Test
	void aFileOfSeveralKindsOfHashSaysWhatALoginCosts(CapturedOutput output) throws Exception {
		UsersFile.open(this.site.file("htpasswd", Users.file(Users.ALICE, Users.ERIN)));
		assertThat(output).doesNotContain("kinds of hash");
		Path mixed = this.site.file("mixed", Users.file(Users.ALICE, Users.BOB, Users.CAROL));
		UsersFile.open(mixed);
		assertThat(output).contains("Users file " + mixed + " holds 3 kinds of hash [bcrypt 5, apr1, sha1]: each "
				+ "login hashes its password once per kind");
	}

	@Test
	void aMissingFileIsRefusedAtStart() {
		assertThatIOException().isThrownBy(() -> UsersFile.open(this.site.path("no-such-htpasswd")));
	}

}
