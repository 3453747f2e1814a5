package org.cgiserver.security;

import java.util.List;

import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.userdetails.UserDetails;

import static org.assertj.core.api.Assertions.assertThat;

class HtpasswdUsersTests {

	private final UsersFileContents file = UsersFileContents.parse(List.of(Users.ALICE, Users.ERIN));

	private final HtpasswdUsers users = new HtpasswdUsers(() -> this.file);

	private final HtpasswdPasswordEncoder encoder = new HtpasswdPasswordEncoder();

	@Test
	void aKnownUserIsCheckedAgainstTheFile() {
		UserDetails alice = this.users.loadUserByUsername("alice");
		assertThat(this.encoder.matches("alice-secret", alice.getPassword())).isTrue();
		assertThat(this.encoder.matches("erin-secret", alice.getPassword())).isFalse();
	}

	@Test
	void anUnknownUserCostsAsMuchAsAKnownOneAndNeverPasses() {
		UserDetails ghost = this.users.loadUserByUsername("ghost");
		StoredPassword dummy = StoredPassword.parse(ghost.getPassword()).orElseThrow();
		assertThat(dummy.scheme()).isEqualTo(StoredPassword.Scheme.BCRYPT);
		assertThat(dummy.cost()).isEqualTo("$2y$05$");
		assertThat(this.encoder.matches("alice-secret", ghost.getPassword())).isFalse();
		assertThat(this.encoder.matches("", ghost.getPassword())).isFalse();
	}

	@Test
	void anUnusableHashMatchesNothing() {
		assertThat(this.encoder.matches("secret", "secret")).isFalse();
		assertThat(this.encoder.matches("secret", null)).isFalse();
	}

}
