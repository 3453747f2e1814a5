package org.cgiserver.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.commons.codec.digest.Crypt;
import org.apache.commons.codec.digest.Md5Crypt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hashes as the real tools wrote them, each for the password {@code secret} unless the
 * row says otherwise.
 */
class StoredPasswordTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			htpasswd -nbB             | BCRYPT       | $2y$05$ | $2y$05$I.GZ6eArcBwTNUKh/92g6ej7YsFdiBdnYDsOP0gBYI3lTJ5RTYXdy
			mkpasswd -m bcrypt        | BCRYPT       | $2b$05$ | $2b$05$hOmftotZKN6MWF7LhquNt.2jMi7wL6WZIl.Z5qc8.C5PGGVAFxKau
			mkpasswd -m bcrypt-a      | BCRYPT       | $2a$05$ | $2a$05$LVtRS4h58LD27a1RCMrKseXROuRcc1DmPLvTPwzNMqCBzT8.X9CGW
			htpasswd -nbm             | APR1         | $apr1$  | $apr1$0cqQ.sRO$SvS/L.qLn0pCoCWSVBlGv.
			mkpasswd -m md5crypt      | MD5_CRYPT    | $1$     | $1$FwGqnL.z$/qBWrZ0RmhImMAAuwAS8x/
			htpasswd -nbs             | SHA1         | {SHA}   | {SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
			mkpasswd -m sha256crypt   | SHA256_CRYPT | $5$     | $5$RbC2vLu2l9l55iTB$oyiCAZC5v4ZeJTHpdUY0tGg.O01HBJEScTymTuv3ixD
			mkpasswd -R 8000 sha256   | SHA256_CRYPT | $5$rounds=8000$ | $5$rounds=8000$QLwA4YEesDSNiBR8$km7k/r4Wu0A6.tDmcX0h3ZabN.tIa1cyrLjS.sotb51
			mkpasswd -m sha512crypt   | SHA512_CRYPT | $6$     | $6$J5fhXWhrAajVJjKM$4hNmvGdxZdehicQKEv9bELfKNTn3TfDTEgoYHff4Y8SG4atj7Sn1Fj/9HMJyzP0T9VK8rQvjhFJB1dlp7DFiL/
			mkpasswd -R 20000 sha512  | SHA512_CRYPT | $6$rounds=20000$ | $6$rounds=20000$rXkuf3aBJDnfR9cu$SP.p0ftDO46wmgGYWUhMgnvnV1upAUNvl3LGmnHvTCOnyyqVh30FihTpc2lc4ujQdEZCKFOO6edmjHTNI6ooh.
			htpasswd -nb2             | SHA256_CRYPT | $5$     | $5$6ySnc4RkhT5zUn0m$Cnt.acMIuQ/MoCBTo3eQMm.58ZQuF.sZPXLYyfv9n47
			htpasswd -nb5             | SHA512_CRYPT | $6$     | $6$8nM2Mqvit9kn8HEd$.Q7TF/rtIL3caytqF30NsHFyyaKbI9RI6OveKcHyqVA94P3i1Y0y21Wy96xwiBHBvWpxKU66yG8l97T2UEXi01
			""")
	void everySchemeOfTheToolsChecksTheRightPasswordOnly(String tool, StoredPassword.Scheme scheme, String cost,
			String hash) {
		StoredPassword stored = StoredPassword.parse(hash).orElseThrow();
		assertThat(stored.scheme()).isEqualTo(scheme);
		assertThat(stored.cost()).isEqualTo(cost);
		assertThat(stored.matches("secret")).isTrue();
		assertThat(stored.matches("Secret")).isFalse();
		assertThat(stored.matches("")).isFalse();
		StoredPassword dummy = stored.dummy();
		assertThat(dummy.scheme()).isEqualTo(scheme);
		assertThat(dummy.cost()).isEqualTo(cost);
		assertThat(dummy.kind()).isEqualTo(stored.kind());
		assertThat(dummy.hash()).isNotEqualTo(hash);
		assertThat(dummy.matches("secret")).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			$2y$05$I.GZ6eArcBwTNUKh/92g6ej7YsFdiBdnYDsOP0gBYI3lTJ5RTYXdy | BCRYPT | 5 | 0
			$2a$05$LVtRS4h58LD27a1RCMrKseXROuRcc1DmPLvTPwzNMqCBzT8.X9CGW | BCRYPT | 5 | 0
			$2y$07$V/zuNk6ALXxQ1CGYeseIQOiW9O.T0dlx.y.OuG/U7.XYolxlQUEhO | BCRYPT | 7 | 0
			$apr1$0cqQ.sRO$SvS/L.qLn0pCoCWSVBlGv. | APR1 | 0 | 8
			$1$FwGqnL.z$/qBWrZ0RmhImMAAuwAS8x/ | MD5_CRYPT | 0 | 8
			{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ= | SHA1 | 0 | 0
			$5$RbC2vLu2l9l55iTB$oyiCAZC5v4ZeJTHpdUY0tGg.O01HBJEScTymTuv3ixD | SHA256_CRYPT | 5000 | 16
			$5$rounds=8000$QLwA4YEesDSNiBR8$km7k/r4Wu0A6.tDmcX0h3ZabN.tIa1cyrLjS.sotb51 | SHA256_CRYPT | 8000 | 16
			$6$rounds=20000$rXkuf3aBJDnfR9cu$SP.p0ftDO46wmgGYWUhMgnvnV1upAUNvl3LGmnHvTCOnyyqVh30FihTpc2lc4ujQdEZCKFOO6edmjHTNI6ooh. | SHA512_CRYPT | 20000 | 16
			""")
	void theKindOfAHashIsWhatSetsItsTime(String hash, StoredPassword.Scheme scheme, int rounds, int saltLength) {
		assertThat(StoredPassword.parse(hash).orElseThrow().kind())
			.isEqualTo(new StoredPassword.Kind(scheme, rounds, saltLength));
	}

	@Test
	void shaCryptRoundsAreReadAsCryptDoes() {
		// No rounds is 5000, and fewer than 1000 are 1000, as in crypt(3).
		assertThat(shaCrypt("$5$rounds=5000$", "saltsalt").kind()).isEqualTo(shaCrypt("$5$", "saltsalt").kind());
		String tooFew = shaCrypt("$6$rounds=1000$", "saltsalt").hash().replace("rounds=1000$", "rounds=10$");
		assertThat(StoredPassword.parse(tooFew).orElseThrow().kind())
			.isEqualTo(new StoredPassword.Kind(StoredPassword.Scheme.SHA512_CRYPT, 1000, 8));
		assertThat(shaCrypt("$6$rounds=1001$", "saltsalt").kind().rounds()).isEqualTo(1001);
	}

	@Test
	void aDummyHasTheSaltLengthOfItsModel() {
		StoredPassword shortSalt = StoredPassword.parse(Md5Crypt.apr1Crypt("secret", "$apr1$abcd")).orElseThrow();
		assertThat(shortSalt.kind()).isEqualTo(new StoredPassword.Kind(StoredPassword.Scheme.APR1, 0, 4));
		assertThat(shortSalt.dummy().kind()).isEqualTo(shortSalt.kind());
		StoredPassword sha = shaCrypt("$6$rounds=1000$", "abc");
		assertThat(sha.dummy().kind()).isEqualTo(new StoredPassword.Kind(StoredPassword.Scheme.SHA512_CRYPT, 1000, 3));
		assertThat(sha.dummy().matches("secret")).isFalse();
		assertThat(sha.matches("secret")).isTrue();
	}

	@Test
	void aKindShowsItsSchemeAndRounds() {
		assertThat(new StoredPassword.Kind(StoredPassword.Scheme.BCRYPT, 5, 0)).hasToString("bcrypt 5");
		assertThat(new StoredPassword.Kind(StoredPassword.Scheme.APR1, 0, 8)).hasToString("apr1");
	}

	@Test
	void aNewHashIsHtpasswdDashB() {
		StoredPassword stored = StoredPassword.hashOf("new-secret");
		assertThat(stored.cost()).isEqualTo("$2y$05$");
		assertThat(stored.matches("new-secret")).isTrue();
		assertThat(StoredPassword.hashOf("new-secret").hash()).isNotEqualTo(stored.hash());
	}

	private static StoredPassword shaCrypt(String cost, String salt) {
		return StoredPassword.parse(Crypt.crypt("secret", cost + salt)).orElseThrow();
	}

	@Test
	void bcryptCostsAreFourToThirtyOne() {
		String salted = "I.GZ6eArcBwTNUKh/92g6ej7YsFdiBdnYDsOP0gBYI3lTJ5RTYXdy";
		assertThat(StoredPassword.parse("$2y$04$" + salted).orElseThrow().kind().rounds()).isEqualTo(4);
		assertThat(StoredPassword.parse("$2y$19$" + salted).orElseThrow().kind().rounds()).isEqualTo(19);
		assertThat(StoredPassword.parse("$2y$31$" + salted).orElseThrow().kind().rounds()).isEqualTo(31);
	}

	@Test
	void aHashThatCannotBeCheckedMatchesNothingAndNeverThrows() {
		assertThat(new StoredPassword("$2y$05$", StoredPassword.Scheme.BCRYPT).matches("secret")).isFalse();
		assertThat(new StoredPassword("{SHA}", StoredPassword.Scheme.SHA512_CRYPT).matches("secret")).isFalse();
	}

	@Test
	void passwordsAreUtf8() {
		// htpasswd -nbm u 'päss' and htpasswd -nbB -C 7 u 'päss', in a UTF-8 terminal.
		assertThat(StoredPassword.parse("$apr1$OA552N.W$73bEgNxP9Hr9iMIVjN8jh.").orElseThrow().matches("päss"))
			.isTrue();
		StoredPassword bcrypt = StoredPassword.parse("$2y$07$V/zuNk6ALXxQ1CGYeseIQOiW9O.T0dlx.y.OuG/U7.XYolxlQUEhO")
			.orElseThrow();
		assertThat(bcrypt.matches("päss")).isTrue();
		assertThat(bcrypt.matches("pass")).isFalse();
		assertThat(bcrypt.cost()).isEqualTo("$2y$07$");
	}

	@ParameterizedTest
	@ValueSource(strings = { "secret", "plain-text-password", "a3XKqS7hZUeL.",
			"$y$j9T$MxxkkPI8EO5w7B/SsmeQ11$wZLb3muZ2aMOtz0BOihFDeYWXV0oljeRYJ4vqpTXCiC", "$2y$05$short", "{SHA}",
			"$2y$03$I.GZ6eArcBwTNUKh/92g6ej7YsFdiBdnYDsOP0gBYI3lTJ5RTYXdy",
			"$2y$32$I.GZ6eArcBwTNUKh/92g6ej7YsFdiBdnYDsOP0gBYI3lTJ5RTYXdy",
			"$apr1$toolongsalt$SvS/L.qLn0pCoCWSVBlGv.", "" })
	void plainTextDesCryptYescryptAndBrokenHashesAreNotPasswords(String hash) {
		// a3XKqS7hZUeL. is htpasswd -nbd (DES crypt: 8 characters at most, refused as too weak).
		assertThat(StoredPassword.parse(hash)).isEmpty();
	}

	@Test
	void whatTheInstalledHtpasswdWritesIsAccepted() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/htpasswd")), "htpasswd (apache2-utils) is not installed");
		for (String option : new String[] { "-nbB", "-nbm", "-nbs", "-nb2", "-nb5" }) {
			Process htpasswd = new ProcessBuilder("/usr/bin/htpasswd", option, "user", "live-secret").start();
			String line = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			assertThat(htpasswd.waitFor(30, TimeUnit.SECONDS)).isTrue();
			StoredPassword stored = UsersFileContents.parse(java.util.List.of(line)).find("user").orElseThrow(
					() -> new AssertionError("htpasswd " + option + " wrote an unusable line: " + line));
			assertThat(stored.matches("live-secret")).as(option).isTrue();
		}
	}

}
