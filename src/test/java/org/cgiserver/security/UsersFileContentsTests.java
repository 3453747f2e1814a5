package org.cgiserver.security;

import java.util.List;

import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsersFileContentsTests {

	@Test
	void usersCommentsBlankLinesAndWindowsLineEnds() {
		UsersFileContents contents = UsersFileContents.parse(List.of("# team", "", Users.ALICE + "\r", "  ",
				Users.BOB));
		assertThat(contents.users()).containsExactlyInAnyOrder("alice", "bob");
		assertThat(contents.find("alice").orElseThrow().matches("alice-secret")).isTrue();
		assertThat(contents.find("bob").orElseThrow().matches("bob-secret")).isTrue();
		assertThat(contents.find("carol")).isEmpty();
		assertThat(contents.skipped()).isEmpty();
	}

	@Test
	void unusableLinesAreSkippedWithTheirNumberAndNeverTheirSecret() {
		UsersFileContents contents = UsersFileContents.parse(List.of(Users.ALICE, "mallory:plain-secret",
				"no colon here", ":$apr1$aHCFJ5c7$8OOsc38KA/u5D6Be2OHIo.", "alice:$apr1$aHCFJ5c7$8OOsc38KA/u5D6Be2OHIo.",
				Users.CAROL));
		assertThat(contents.users()).containsExactlyInAnyOrder("alice", "carol");
		assertThat(contents.skipped()).extracting(UsersFileContents.Skipped::lineNumber).containsExactly(2, 3, 4, 5);
		assertThat(contents.skipped()).extracting(UsersFileContents.Skipped::reason)
			.noneMatch((reason) -> reason.contains("plain-secret") || reason.contains("aHCFJ5c7"));
		// As Apache: the first line of a user counts.
		assertThat(contents.find("alice").orElseThrow().matches("alice-secret")).isTrue();
	}

	@Test
	void aUsersFirstLineCountsEvenWhenItCannotBeUsed() {
		UsersFileContents contents = UsersFileContents.parse(List.of("alice:plain-secret", Users.ALICE));
		assertThat(contents.find("alice")).isEmpty();
		assertThat(contents.skipped()).extracting(UsersFileContents.Skipped::lineNumber).containsExactly(1, 2);
	}

	@Test
	void aStoredPasswordNeverShowsItsHash() {
		StoredPassword alice = UsersFileContents.parse(List.of(Users.ALICE)).find("alice").orElseThrow();
		assertThat(alice).hasToString("bcrypt $2y$05$");
	}

	@Test
	void unknownUsersAreCheckedAgainstTheMostCommonKindOfHash() {
		UsersFileContents contents = UsersFileContents.parse(List.of(Users.BOB, Users.ALICE, Users.ERIN));
		assertThat(contents.dummy().scheme()).isEqualTo(StoredPassword.Scheme.BCRYPT);
		assertThat(contents.dummy().cost()).isEqualTo("$2y$05$");
		assertThat(contents.dummy().matches("alice-secret")).isFalse();
		UsersFileContents sha512 = UsersFileContents.parse(List.of(Users.DAVE));
		assertThat(sha512.dummy().scheme()).isEqualTo(StoredPassword.Scheme.SHA512_CRYPT);
	}

	@Test
	void anEmptyFileStillHasADummy() {
		assertThat(UsersFileContents.parse(List.of()).dummy().scheme()).isEqualTo(StoredPassword.Scheme.BCRYPT);
	}

}
