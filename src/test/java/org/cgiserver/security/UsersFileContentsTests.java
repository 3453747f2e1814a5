package org.cgiserver.security;

import java.util.List;

import org.cgiserver.security.StoredPassword.Kind;
import org.cgiserver.security.StoredPassword.Scheme;
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
			.containsExactly("plain-text password or unsupported hash (use htpasswd -B)",
					"no ':' between user and password hash", "no user name before ':'",
					"user 'alice' appears before; the first line counts");
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
	void everyLoginHashesOncePerKindOfHashInTheFileWhoeverTheUser() {
		UsersFileContents contents = UsersFileContents.parse(List.of(Users.ALICE, Users.BOB, Users.CAROL, Users.ERIN));
		Kind bcrypt = new Kind(Scheme.BCRYPT, 5, 0);
		Kind apr1 = new Kind(Scheme.APR1, 0, 8);
		Kind sha1 = new Kind(Scheme.SHA1, 0, 0);
		assertThat(contents.kinds()).containsExactly(bcrypt, apr1, sha1);
		// The user's own hash first, as it alone decides; a dummy of each other kind after it.
		assertThat(contents.checkFor("alice").kinds()).containsExactly(bcrypt, apr1, sha1);
		assertThat(contents.checkFor("erin").kinds()).containsExactly(bcrypt, apr1, sha1);
		assertThat(contents.checkFor("bob").kinds()).containsExactly(apr1, bcrypt, sha1);
		assertThat(contents.checkFor("carol").kinds()).containsExactly(sha1, bcrypt, apr1);
		assertThat(contents.checkFor("ghost").kinds()).containsExactly(bcrypt, apr1, sha1);
		assertThat(contents.checkFor("carol").decisive()).isSameAs(contents.find("carol").orElseThrow());
		assertThat(contents.checkFor("ghost").decisive()).isSameAs(contents.dummies().get(bcrypt));
	}

	@Test
	void usersMatchTheirOwnHashOnlyAndUnknownUsersNothing() {
		UsersFileContents contents = UsersFileContents.parse(List.of(Users.ALICE, Users.BOB, Users.CAROL, Users.DAVE));
		assertThat(contents.checkFor("alice").matches("alice-secret")).isTrue();
		assertThat(contents.checkFor("bob").matches("bob-secret")).isTrue();
		assertThat(contents.checkFor("carol").matches("carol-secret")).isTrue();
		assertThat(contents.checkFor("dave").matches("dave-secret")).isTrue();
		assertThat(contents.checkFor("carol").matches("alice-secret")).isFalse();
		assertThat(contents.checkFor("ghost").matches("alice-secret")).isFalse();
		assertThat(contents.checkFor("ghost").matches("")).isFalse();
	}

	@Test
	void aFileOfOneKindCostsOneHashALogin() {
		UsersFileContents contents = UsersFileContents.parse(List.of(Users.ALICE, Users.ERIN));
		assertThat(contents.checkFor("alice").padding()).isEmpty();
		assertThat(contents.checkFor("ghost").kinds()).containsExactly(new Kind(Scheme.BCRYPT, 5, 0));
		assertThat(contents.checkFor("ghost").matches("alice-secret")).isFalse();
		UsersFileContents sha512 = UsersFileContents.parse(List.of(Users.DAVE));
		assertThat(sha512.checkFor("ghost").kinds()).containsExactly(new Kind(Scheme.SHA512_CRYPT, 5000, 16));
	}

	@Test
	void bcryptVariantsOfOneCostAreOneKindAndOtherCostsAnother() {
		// htpasswd -nbB -C 7 u 'päss', and alice's hash as mkpasswd's $2b$ would write it.
		String cost7 = "u:$2y$07$V/zuNk6ALXxQ1CGYeseIQOiW9O.T0dlx.y.OuG/U7.XYolxlQUEhO";
		UsersFileContents contents = UsersFileContents.parse(List.of(Users.ALICE, Users.ERIN.replace("$2y$", "$2b$"),
				cost7));
		assertThat(contents.kinds()).containsExactly(new Kind(Scheme.BCRYPT, 5, 0), new Kind(Scheme.BCRYPT, 7, 0));
		assertThat(contents.checkFor("erin").kinds()).containsExactly(new Kind(Scheme.BCRYPT, 5, 0),
				new Kind(Scheme.BCRYPT, 7, 0));
		assertThat(contents.checkFor("u").kinds()).containsExactly(new Kind(Scheme.BCRYPT, 7, 0),
				new Kind(Scheme.BCRYPT, 5, 0));
	}

	@Test
	void anEmptyFileStillChecksUnknownUsersAgainstABcryptDummy() {
		UsersFileContents contents = UsersFileContents.parse(List.of("# nobody yet"));
		assertThat(contents.checkFor("ghost").kinds()).containsExactly(new Kind(Scheme.BCRYPT, 5, 0));
		assertThat(contents.checkFor("ghost").matches("")).isFalse();
		assertThat(UsersFileContents.NOBODY.checkFor("alice").kinds()).containsExactly(new Kind(Scheme.BCRYPT, 5, 0));
	}

}
