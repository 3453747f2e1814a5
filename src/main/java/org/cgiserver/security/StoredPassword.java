package org.cgiserver.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.codec.binary.Base64;
import org.apache.commons.codec.digest.Crypt;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.Md5Crypt;

import org.springframework.security.crypto.bcrypt.BCrypt;

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
	 * A hash of a random password in the same scheme and at the same cost: checking a
	 * password against it takes as long as against this one, and never succeeds.
	 * @return the dummy
	 */
	StoredPassword dummy() {
		byte[] password = new byte[24];
		random.nextBytes(password);
		return new StoredPassword(this.scheme.hash(password, cost()), this.scheme);
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
	 * The schemes htpasswd files hold.
	 */
	enum Scheme {

		/** {@code htpasswd -B}, {@code mkpasswd -m bcrypt}. */
		BCRYPT("bcrypt", "(?<cost>\\$2[aby]\\$\\d\\d\\$)[./A-Za-z0-9]{53}") {
			@Override
			boolean matches(byte[] password, String hash) {
				return BCrypt.checkpw(password, hash);
			}

			@Override
			String hash(byte[] password, String cost) {
				String prefix = cost.substring(0, 3);
				int rounds = Integer.parseInt(cost.substring(4, 6));
				return BCrypt.hashpw(password, BCrypt.gensalt(prefix, rounds, random));
			}
		},

		/** {@code htpasswd -m}, htpasswd's default. */
		APR1("apr1", "(?<cost>\\$apr1\\$)[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}") {
			@Override
			boolean matches(byte[] password, String hash) {
				return sameText(Md5Crypt.apr1Crypt(password, hash), hash);
			}

			@Override
			String hash(byte[] password, String cost) {
				return Md5Crypt.apr1Crypt(password, random);
			}
		},

		/** {@code mkpasswd -m md5crypt}. */
		MD5_CRYPT("md5-crypt", "(?<cost>\\$1\\$)[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}") {
			@Override
			boolean matches(byte[] password, String hash) {
				return sameText(Md5Crypt.md5Crypt(password, hash), hash);
			}

			@Override
			String hash(byte[] password, String cost) {
				return Md5Crypt.md5Crypt(password, random);
			}
		},

		/** {@code htpasswd -s}. */
		SHA1("sha1", "(?<cost>\\{SHA\\})[A-Za-z0-9+/]{27}=") {
			@Override
			boolean matches(byte[] password, String hash) {
				return sameText(hash(password, ""), hash);
			}

			@Override
			String hash(byte[] password, String cost) {
				return "{SHA}" + Base64.encodeBase64String(DigestUtils.sha1(password));
			}
		},

		/** {@code mkpasswd -m sha-256}, {@code htpasswd -2}. */
		SHA256_CRYPT("sha256-crypt", "(?<cost>\\$5\\$(rounds=\\d{1,9}\\$)?)[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{43}") {
			@Override
			boolean matches(byte[] password, String hash) {
				return sameText(Crypt.crypt(password, hash), hash);
			}

			@Override
			String hash(byte[] password, String cost) {
				return Crypt.crypt(password, cost + randomSalt());
			}
		},

		/** {@code mkpasswd -m sha-512}, {@code htpasswd -5}. */
		SHA512_CRYPT("sha512-crypt", "(?<cost>\\$6\\$(rounds=\\d{1,9}\\$)?)[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{86}") {
			@Override
			boolean matches(byte[] password, String hash) {
				return sameText(Crypt.crypt(password, hash), hash);
			}

			@Override
			String hash(byte[] password, String cost) {
				return Crypt.crypt(password, cost + randomSalt());
			}
		};

		private static final String SALT_CHARACTERS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

		private final String label;

		private final Pattern shape;

		Scheme(String label, String shape) {
			this.label = label;
			this.shape = Pattern.compile(shape);
		}

		abstract boolean matches(byte[] password, String hash);

		abstract String hash(byte[] password, String cost);

		/** A short name for logs. */
		String label() {
			return this.label;
		}

		private static boolean sameText(String computed, String stored) {
			return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
					stored.getBytes(StandardCharsets.US_ASCII));
		}

		private static String randomSalt() {
			StringBuilder salt = new StringBuilder(16);
			for (int i = 0; i < 16; i++) {
				salt.append(SALT_CHARACTERS.charAt(random.nextInt(SALT_CHARACTERS.length())));
			}
			return salt.toString();
		}

	}

}
