package org.cgiserver.security;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The users of the htpasswd file, for Spring Security's password check.
 *
 * <p>An unknown user is given a dummy password of the same kind and cost as the file's
 * own, which no password matches: checking it takes as long as checking a real one, so
 * the time of an answer does not tell whether a user exists.
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
		StoredPassword password = contents.find(username).orElseGet(contents::dummy);
		return User.withUsername(username).password(password.hash()).authorities(List.of()).build();
	}

}
