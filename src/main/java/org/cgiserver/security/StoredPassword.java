package org.cgiserver.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.codec.binary.Base64;
import org.apache.commons.codec.digest.Crypt;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.Md5Crypt;
import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.util.Assert;

/**
 * One password hash of an htpasswd file, in a scheme that {@code htpasswd} or
 * {@code mkpasswd} writes, checked with Spring Security's bcrypt and Commons Codec's
 * crypt implementations.
 *
 * @param hash the hash as the file has it
 * @param scheme its scheme
 */
record StoredPassword(String hash, Scheme scheme) {

	private static final SecureRandom random = new SecureRandom();

	/** The scheme and cost of {@code htpasswd -B}. */
	private static final String HTPASSWD_BCRYPT = "$2y$05$";

	/**
	 * Recognises a hash.
	 * @param hash the text after the user name's colon
	 * @return the stored password, or empty for plain text and unsupported schemes
	 */
	static Optional<StoredPassword> parse(String hash) {
		return Arrays.stream(Scheme.values())
			.filter((scheme) -> scheme.shape.matcher(hash).matches())
			.findFirst()
			.map((scheme) -> new StoredPassword(hash, scheme));
	}

	/**
	 * A new hash of a password as {@code htpasswd -B} makes it (bcrypt, cost 5).
	 * @param password the password
	 * @return its stored form
	 */
	static StoredPassword hashOf(CharSequence password) {
		byte[] bytes = password.toString().getBytes(StandardCharsets.UTF_8);
		return new StoredPassword(Scheme.BCRYPT.hash(bytes, HTPASSWD_BCRYPT, 0), Scheme.BCRYPT);
	}

	/**
	 * Whether a password is the one this hash was made of. Never throws: a hash that
	 * cannot be checked matches nothing.
	 * @param password the password a client sent
	 * @return whether it matches
	 */
	boolean matches(CharSequence password) {
		byte[] bytes = password.toString().getBytes(StandardCharsets.UTF_8);
		try {
			return this.scheme.matches(bytes, this.hash);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * A hash of a random password of the same kind: checking a password against it takes
	 * as long as against this one, and never succeeds.
	 * @return the dummy
	 */
	StoredPassword dummy() {
		byte[] password = new byte[24];
		random.nextBytes(password);
		return new StoredPassword(this.scheme.hash(password, cost(), kind().saltLength()), this.scheme);
	}

	/**
	 * What sets how long checking a password against this hash takes.
	 * @return the kind
	 */
	Kind kind() {
		String cost = cost();
		int saltEnd = this.hash.indexOf('$', cost.length());
		return new Kind(this.scheme, this.scheme.rounds(cost), (saltEnd < 0) ? 0 : saltEnd - cost.length());
	}

	/**
	 * The part of the hash that sets how long checking it takes: the scheme and its
	 * cost parameter ({@code $2y$05$}, {@code $6$rounds=10000$}, {@code $apr1$}).
	 * @return the cost prefix
	 */
	String cost() {
		Matcher matcher = this.scheme.shape.matcher(this.hash);
		return matcher.matches() ? matcher.group("cost") : "";
	}

	/** The scheme and cost only: a logged password never shows its hash. */
	@Override
	public String toString() {
		return this.scheme.label() + " " + cost();
	}

	/**
	 * What sets how long checking a password against a hash takes, the password aside: two
	 * hashes of one kind take the same time for the same password ({@code $2y$05$} and
	 * {@code $2b$05$} alike, {@code $5$} and {@code $5$rounds=5000$} alike).
	 *
	 * @param scheme the scheme
	 * @param rounds its work parameter: bcrypt's cost, sha-crypt's rounds, 0 for a fixed
	 * work
	 * @param saltLength the salt's length where it varies (the crypt schemes), else 0
	 */
	record Kind(Scheme scheme, int rounds, int saltLength) {

		@Override
		public String toString() {
			return this.scheme.label() + ((this.rounds != 0) ? " " + this.rounds : "");
		}

	}

	/**
	 * The schemes htpasswd files hold. Each but bcrypt is checked the crypt way: hash the
	 * password again with the stored hash as salt and compare.
	 */
	enum Scheme {

		/** {@code htpasswd -B}, {@code mkpasswd -m bcrypt}: costs 4 to 31, as bcrypt takes. */
		BCRYPT("bcrypt", "(?<cost>\\$2[aby]\\$(0[4-9]|[12]\\d|3[01])\\$)[./A-Za-z0-9]{53}", null) {
			@Override
			boolean matches(byte[] password, String hash) {
				return BCrypt.checkpw(password, hash);
			}

			@Override
			String hash(byte[] password, String cost, int saltLength) {
				return BCrypt.hashpw(password, BCrypt.gensalt(cost.substring(0, 3), rounds(cost), random));
			}

			@Override
			int rounds(String cost) {
				return Integer.parseInt(cost.substring(4, 6));
			}
		},

		/** {@code htpasswd -m}, htpasswd's default. */
		APR1("apr1", "(?<cost>\\$apr1\\$)[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}", Md5Crypt::apr1Crypt),

		/** {@code mkpasswd -m md5crypt}. */
		MD5_CRYPT("md5-crypt", "(?<cost>\\$1\\$)[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}", Md5Crypt::md5Crypt),

		/** {@code htpasswd -s}: unsalted. */
		SHA1("sha1", "(?<cost>\\{SHA\\})[A-Za-z0-9+/]{27}=",
				(password, salt) -> "{SHA}" + Base64.encodeBase64String(DigestUtils.sha1(password))),

		/** {@code mkpasswd -m sha-256}, {@code htpasswd -2}. */
		SHA256_CRYPT("sha256-crypt", "(?<cost>\\$5\\$(rounds=\\d{1,9}\\$)?)[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{43}",
				Crypt::crypt) {
			@Override
			int rounds(String cost) {
				return shaCryptRounds(cost);
			}
		},

		/** {@code mkpasswd -m sha-512}, {@code htpasswd -5}. */
		SHA512_CRYPT("sha512-crypt", "(?<cost>\\$6\\$(rounds=\\d{1,9}\\$)?)[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{86}",
				Crypt::crypt) {
			@Override
			int rounds(String cost) {
				return shaCryptRounds(cost);
			}
		};

		private static final String SALT_CHARACTERS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

		/** The rounds of a sha-crypt hash that names none, and the fewest it takes. */
		private static final int SHA_CRYPT_DEFAULT_ROUNDS = 5000;

		private static final int SHA_CRYPT_MIN_ROUNDS = 1000;

		private final String label;

		private final Pattern shape;

		private final @Nullable BiFunction<byte[], String, String> crypt;

		Scheme(String label, String shape, @Nullable BiFunction<byte[], String, String> crypt) {
			this.label = label;
			this.shape = Pattern.compile(shape);
			this.crypt = crypt;
		}

		boolean matches(byte[] password, String hash) {
			return MessageDigest.isEqual(crypt(password, hash).getBytes(StandardCharsets.US_ASCII),
					hash.getBytes(StandardCharsets.US_ASCII));
		}

		/** A new hash of a password at a cost, with a random salt of the given length. */
		String hash(byte[] password, String cost, int saltLength) {
			return crypt(password, cost + randomSalt(saltLength));
		}

		/** The work parameter of a cost prefix; 0 where the work is fixed. */
		int rounds(String cost) {
			return 0;
		}

		private String crypt(byte[] password, String salt) {
			Assert.state(this.crypt != null, "bcrypt is checked by BCrypt");
			return this.crypt.apply(password, salt);
		}

		/** A short name for logs. */
		String label() {
			return this.label;
		}

		/** {@code $5$} or {@code $5$rounds=N$}, read as crypt(3) does. */
		private static int shaCryptRounds(String cost) {
			if (cost.length() == 3) {
				return SHA_CRYPT_DEFAULT_ROUNDS;
			}
			return Math.max(SHA_CRYPT_MIN_ROUNDS, Integer.parseInt(cost.substring(10, cost.length() - 1)));
		}

		private static String randomSalt(int length) {
			StringBuilder salt = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				salt.append(SALT_CHARACTERS.charAt(random.nextInt(SALT_CHARACTERS.length())));
			}
			return salt.toString();
		}

	}

}
