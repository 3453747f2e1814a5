package org.cgiserver.security;

/**
 * Users files as the real tools write them, for tests: every line was made by
 * {@code htpasswd} (apache2-utils) or {@code mkpasswd} (whois).
 */
final class Users {

	/** {@code htpasswd -nbB alice alice-secret}: bcrypt. */
	static final String ALICE = "alice:$2y$05$js1eunf7zuU8bVbKxtpXlOGD5XpTwRgbHKQ7REmf4qickQUVyg.D.";

	/** {@code htpasswd -nbm bob bob-secret}: APR1-MD5, htpasswd's default. */
	static final String BOB = "bob:$apr1$aHCFJ5c7$8OOsc38KA/u5D6Be2OHIo.";

	/** {@code htpasswd -nbs carol carol-secret}: SHA-1. */
	static final String CAROL = "carol:{SHA}zDWP8f33jIgtzBU4G57UXp/L1Eg=";

	/** {@code mkpasswd -m sha-512 dave-secret}: SHA-512-crypt. */
	static final String DAVE = "dave:$6$rSCYLHmYpOAtkmr6$ZZimmldtIahPFzlbvyA6yS5LLW9QQX2gBJs90zyzemINFr8jr85.Q8AoBbuW9yUmcOEQbP5w0lFVX0dGoJ3XF/";

	/** {@code htpasswd -nbB erin erin-secret}. */
	static final String ERIN = "erin:$2y$05$mMscdL3K/00a9UYFXpjAguyUdMQSXKGtjG0YN.6MQ7kVwahocpULW";

	private Users() {
	}

	static String file(String... lines) {
		return String.join("\n", lines) + "\n";
	}

}
