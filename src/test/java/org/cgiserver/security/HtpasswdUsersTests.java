package org.cgiserver.security;

import java.util.ArrayList;
import java.util.List;

import org.cgiserver.security.StoredPassword.Kind;
import org.cgiserver.security.StoredPassword.Scheme;
import org.cgiserver.support.Users;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HtpasswdUsersTests {

	private static final Kind BCRYPT = new Kind(Scheme.BCRYPT, 5, 0);

	private static final Kind APR1 = new Kind(Scheme.APR1, 0, 8);

	private static final Kind SHA1 = new Kind(Scheme.SHA1, 0, 0);

	private final UsersFileContents file = UsersFileContents.parse(List.of(Users.ALICE, Users.BOB, Users.CAROL,
			Users.ERIN));

	private final HtpasswdUsers users = new HtpasswdUsers(() -> this.file);

	private final HtpasswdPasswordEncoder encoder = new HtpasswdPasswordEncoder();

	private final Counting counting = new Counting(this.encoder);

	@Test
	void aKnownUserIsCheckedAgainstTheFile() {
		UserDetails alice = this.users.loadUserByUsername("alice");
		assertThat(alice.getUsername()).isEqualTo("alice");
		assertThat(alice.getAuthorities()).isEmpty();
		assertThat(this.encoder.matches("alice-secret", alice.getPassword())).isTrue();
		assertThat(this.encoder.matches("erin-secret", alice.getPassword())).isFalse();
	}

	@Test
	void everyLoginHashesOneOfEachKindInTheFileWhoeverAsksAndWhateverTheAnswer() {
		assertThat(login("alice", "alice-secret")).isTrue();
		assertThat(login("carol", "carol-secret")).isTrue();
		assertThat(login("bob", "bob-secret")).isTrue();
		assertThat(login("carol", "wrong")).isFalse();
		assertThat(login("ghost", "carol-secret")).isFalse();
		assertThat(login("alice", "")).isFalse();
		assertThat(this.counting.checks).containsExactly(List.of(BCRYPT, APR1, SHA1), List.of(SHA1, BCRYPT, APR1),
				List.of(APR1, BCRYPT, SHA1), List.of(SHA1, BCRYPT, APR1), List.of(BCRYPT, APR1, SHA1),
				List.of(BCRYPT, APR1, SHA1));
	}

	@Test
	void anUnknownUserNeverPasses() {
		UserDetails ghost = this.users.loadUserByUsername("ghost");
		assertThat(ghost.getUsername()).isEqualTo("ghost");
		assertThat(this.encoder.matches("alice-secret", ghost.getPassword())).isFalse();
		assertThat(this.encoder.matches("", ghost.getPassword())).isFalse();
	}

	@Test
	void aChangedFileCountsFromTheNextLogin() {
		List<UsersFileContents> now = new ArrayList<>(List.of(this.file));
		HtpasswdUsers changing = new HtpasswdUsers(() -> now.get(0));
		assertThat(this.encoder.matches("alice-secret", changing.loadUserByUsername("alice").getPassword())).isTrue();
		now.set(0, UsersFileContents.parse(List.of(Users.BOB)));
		assertThat(this.encoder.matches("alice-secret", changing.loadUserByUsername("alice").getPassword())).isFalse();
		assertThat(this.encoder.matches("bob-secret", changing.loadUserByUsername("bob").getPassword())).isTrue();
	}

	private boolean login(String user, String password) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(this.users);
		provider.setPasswordEncoder(this.counting);
		try {
			Authentication authentication = provider
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user, password));
			assertThat(authentication.getName()).isEqualTo(user);
			return authentication.isAuthenticated();
		}
		catch (BadCredentialsException ex) {
			return false;
		}
	}

	/** Records the kinds of hash each check computes, in order. */
	private static final class Counting implements PasswordEncoder {

		private final List<List<Kind>> checks = new ArrayList<>();

		private final HtpasswdPasswordEncoder encoder;

		Counting(HtpasswdPasswordEncoder encoder) {
			this.encoder = encoder;
		}

		@Override
		public String encode(@Nullable CharSequence rawPassword) {
			return this.encoder.encode(rawPassword);
		}

		@Override
		public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
			List<Kind> computed = new ArrayList<>();
			PasswordCheck check = PasswordCheck.parse(String.valueOf(encodedPassword)).orElseThrow();
			boolean matches = check.matches(String.valueOf(rawPassword), (hash, password) -> {
				computed.add(hash.kind());
				return hash.matches(password);
			});
			assertThat(matches).isEqualTo(this.encoder.matches(rawPassword, encodedPassword));
			this.checks.add(computed);
			return matches;
		}

	}

}
