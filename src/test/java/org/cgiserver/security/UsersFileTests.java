package org.cgiserver.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

}
