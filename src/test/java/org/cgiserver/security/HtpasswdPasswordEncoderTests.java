package org.cgiserver.security;

import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtpasswdPasswordEncoderTests {

	private static final String ALICE = Users.ALICE.substring("alice:".length());

	private static final String CAROL = Users.CAROL.substring("carol:".length());

	private final HtpasswdPasswordEncoder encoder = new HtpasswdPasswordEncoder();

	@Test
	void encodesAsHtpasswdDashB() {
		String hash = this.encoder.encode("new-secret");
		assertThat(hash).startsWith("$2y$05$");
		assertThat(this.encoder.matches("new-secret", hash)).isTrue();
		assertThat(this.encoder.matches("old-secret", hash)).isFalse();
	}

	@Test
	void theFirstHashOfACheckDecidesAndTheOthersDoNot() {
		assertThat(this.encoder.matches("alice-secret", ALICE + " " + CAROL)).isTrue();
		assertThat(this.encoder.matches("carol-secret", ALICE + " " + CAROL)).isFalse();
		assertThat(this.encoder.matches("carol-secret", CAROL + " " + ALICE)).isTrue();
	}

	@Test
	void anUnusableHashMatchesNothing() {
		assertThat(this.encoder.matches("secret", "secret")).isFalse();
		assertThat(this.encoder.matches("alice-secret", ALICE + " secret")).isFalse();
		assertThat(this.encoder.matches("alice-secret", ALICE + " ")).isFalse();
		assertThat(this.encoder.matches("secret", null)).isFalse();
		assertThat(this.encoder.matches(null, ALICE)).isFalse();
	}

}
