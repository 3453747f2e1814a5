package org.cgiserver.security;

import java.util.ArrayList;
import java.util.List;

import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordCheckTests {

	private static final StoredPassword ALICE = stored(Users.ALICE);

	private static final StoredPassword BOB = stored(Users.BOB);

	private static final StoredPassword CAROL = stored(Users.CAROL);

	@Test
	void everyHashIsComputedOnceAndOnlyTheFirstDecides() {
		PasswordCheck check = new PasswordCheck(CAROL, List.of(ALICE, BOB));
		List<StoredPassword> computed = new ArrayList<>();
		assertThat(check.matches("carol-secret", (hash, password) -> computed.add(hash) && hash.matches(password)))
			.isTrue();
		assertThat(computed).containsExactly(CAROL, ALICE, BOB);
		computed.clear();
		assertThat(check.matches("alice-secret", (hash, password) -> computed.add(hash) && hash.matches(password)))
			.isFalse();
		assertThat(computed).containsExactly(CAROL, ALICE, BOB);
		assertThat(check.matches("bob-secret")).isFalse();
		assertThat(check.matches("carol-secret")).isTrue();
	}

	@Test
	void theEncodedFormReadsBack() {
		PasswordCheck check = new PasswordCheck(CAROL, List.of(ALICE, BOB));
		assertThat(check.encoded()).isEqualTo(CAROL.hash() + " " + ALICE.hash() + " " + BOB.hash());
		assertThat(PasswordCheck.parse(check.encoded())).contains(check);
		assertThat(PasswordCheck.parse(ALICE.hash())).contains(new PasswordCheck(ALICE, List.of()));
		assertThat(PasswordCheck.parse("")).isEmpty();
		assertThat(PasswordCheck.parse(ALICE.hash() + "  " + BOB.hash())).isEmpty();
	}

	@Test
	void aCheckShowsItsKindsNeverItsHashes() {
		PasswordCheck check = new PasswordCheck(CAROL, List.of(ALICE, BOB));
		assertThat(check).hasToString("[sha1, bcrypt 5, apr1]");
	}

	private static StoredPassword stored(String line) {
		return StoredPassword.parse(line.substring(line.indexOf(':') + 1)).orElseThrow();
	}

}
