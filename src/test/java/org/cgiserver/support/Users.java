package org.cgiserver.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Users files as the real tools write them, for tests: every line was made by
 * {@code htpasswd} (apache2-utils) or {@code mkpasswd} (whois).
 */
public final class Users {

	/** {@code htpasswd -nbB alice alice-secret}: bcrypt. */
	public static final String ALICE = "alice:$2y$05$js1eunf7zuU8bVbKxtpXlOGD5XpTwRgbHKQ7REmf4qickQUVyg.D.";

	/** {@code htpasswd -nbm bob bob-secret}: APR1-MD5, htpasswd's default. */
	public static final String BOB = "bob:$apr1$aHCFJ5c7$8OOsc38KA/u5D6Be2OHIo.";

	/** {@code htpasswd -nbs carol carol-secret}: SHA-1. */
	public static final String CAROL = "carol:{SHA}zDWP8f33jIgtzBU4G57UXp/L1Eg=";

	/** {@code mkpasswd -m sha-512 dave-secret}: SHA-512-crypt. */
	public static final String DAVE = "dave:$6$rSCYLHmYpOAtkmr6$ZZimmldtIahPFzlbvyA6yS5LLW9QQX2gBJs90zyzemINFr8jr85.Q8AoBbuW9yUmcOEQbP5w0lFVX0dGoJ3XF/";

	/** {@code htpasswd -nbB erin erin-secret}. */
	public static final String ERIN = "erin:$2y$05$mMscdL3K/00a9UYFXpjAguyUdMQSXKGtjG0YN.6MQ7kVwahocpULW";

	private Users() {
	}

	public static String file(String... lines) {
		return String.join("\n", lines) + "\n";
	}

	/** The Authorization header of a Basic login. */
	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
