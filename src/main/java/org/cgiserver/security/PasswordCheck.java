package org.cgiserver.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The hashes one login is checked against: the user's own, which alone decides, and one
 * dummy of every other kind of hash in the users file, which only cost their time. Every
 * login thus hashes the password once per kind in the file, whoever the user is and
 * whether or not they exist, so that the time of an answer does not tell users apart.
 *
 * <p>Spring Security hands a password encoder a user's password as one string; this is
 * that string: the hashes, the deciding one first, separated by spaces (which no hash
 * holds).
 *
 * @param decisive the hash that decides: the user's own, or a dummy for an unknown user
 * @param padding the dummies checked only for their time
 */
record PasswordCheck(StoredPassword decisive, List<StoredPassword> padding) {

	private static final String SEPARATOR = " ";

	PasswordCheck {
		padding = List.copyOf(padding);
	}

	/**
	 * Reads the form {@link #encoded()} writes; a single hash is a check without padding.
	 * @param encoded the hashes
	 * @return the check, or empty when a hash is unusable
	 */
	static Optional<PasswordCheck> parse(String encoded) {
		List<StoredPassword> hashes = new ArrayList<>();
		for (String hash : encoded.split(SEPARATOR, -1)) {
			Optional<StoredPassword> stored = StoredPassword.parse(hash);
			if (stored.isEmpty()) {
				return Optional.empty();
			}
			hashes.add(stored.get());
		}
		return Optional.of(new PasswordCheck(hashes.get(0), hashes.subList(1, hashes.size())));
	}

	/**
	 * Whether a password matches the deciding hash; the padding is hashed all the same.
	 * @param password the password a client sent
	 * @return whether it matches
	 */
	boolean matches(CharSequence password) {
		return matches(password, StoredPassword::matches);
	}

	/**
	 * As {@link #matches(CharSequence)}, with the check of one hash given.
	 * @param password the password a client sent
	 * @param check checks the password against one hash
	 * @return whether it matches the deciding hash
	 */
	boolean matches(CharSequence password, BiPredicate<StoredPassword, CharSequence> check) {
		boolean matches = check.test(this.decisive, password);
		for (StoredPassword dummy : this.padding) {
			// Its answer is no (a random password) and unused: only its time counts.
			check.test(dummy, password);
		}
		return matches;
	}

	/**
	 * The kinds of hash a check computes, in its order.
	 * @return one kind a hash
	 */
	List<StoredPassword.Kind> kinds() {
		return hashes().map(StoredPassword::kind).toList();
	}

	/**
	 * The check as one string, for Spring Security's user details.
	 * @return the hashes, separated by spaces
	 */
	String encoded() {
		return hashes().map(StoredPassword::hash).collect(Collectors.joining(SEPARATOR));
	}

	private Stream<StoredPassword> hashes() {
		return Stream.concat(Stream.of(this.decisive), this.padding.stream());
	}

	/** The kinds only: a check never shows its hashes. */
	@Override
	public String toString() {
		return kinds().toString();
	}

}
