package org.cgiserver.security;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The users of the htpasswd file, for Spring Security's password check.
 *
 * <p>A user's password is the {@link PasswordCheck} the file gives: the user's own hash
 * (a dummy that no password matches for an unknown user) with a dummy of every other kind
 * of hash in the file, so that every login takes the same time, whatever the user.
 */
final class HtpasswdUsers implements UserDetailsService {

	private final Supplier<UsersFileContents> file;

	/**
	 * @param file the file's users as they are now
	 */
	HtpasswdUsers(Supplier<UsersFileContents> file) {
		this.file = file;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		UsersFileContents contents = this.file.get();
		return User.withUsername(username)
			.password(contents.checkFor(username).encoded())
			.authorities(List.of())
			.build();
	}

}
