package org.cgiserver.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks a password against a {@link PasswordCheck}: an htpasswd hash of any kind the
 * file may hold, with the dummies that make every login take as long. Passwords are never
 * written by the server; {@link #encode} makes the bcrypt hash that {@code htpasswd -B}
 * would.
 */
final class HtpasswdPasswordEncoder implements PasswordEncoder {

	@Override
	public String encode(@Nullable CharSequence rawPassword) {
		return StoredPassword.hashOf(String.valueOf(rawPassword)).hash();
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		if (rawPassword == null || encodedPassword == null) {
			return false;
		}
		return PasswordCheck.parse(encodedPassword).map((check) -> check.matches(rawPassword)).orElse(false);
	}

}
