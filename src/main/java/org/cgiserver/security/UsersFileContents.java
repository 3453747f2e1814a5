package org.cgiserver.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The users of an htpasswd file: {@code user:hash} a line, blank lines and {@code #}
 * comments ignored. A line that cannot be used is skipped, with a reason that never
 * holds its hash or password, so that it can be logged.
 *
 * @param passwords each user's stored password
 * @param skipped the lines skipped
 * @param dummies a dummy of every kind of hash in the file, in the order of their first
 * users (a bcrypt one for a file without users), which no password matches
 */
record UsersFileContents(Map<String, StoredPassword> passwords, List<Skipped> skipped,
		Map<StoredPassword.Kind, StoredPassword> dummies) {

	/** A file without users: nobody can log in. */
	static final UsersFileContents NOBODY = parse(List.of());

	UsersFileContents {
		passwords = Map.copyOf(passwords);
		skipped = List.copyOf(skipped);
		dummies = Collections.unmodifiableMap(new LinkedHashMap<>(dummies));
	}

	/**
	 * Reads a file's lines.
	 * @param lines the lines
	 * @return the users
	 */
	static UsersFileContents parse(List<String> lines) {
		Map<String, StoredPassword> passwords = new LinkedHashMap<>();
		Set<String> named = new HashSet<>();
		List<Skipped> skipped = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int colon = line.indexOf(':');
			String problem = null;
			if (colon < 0) {
				problem = "no ':' between user and password hash";
			}
			else if (colon == 0) {
				problem = "no user name before ':'";
			}
			else if (!named.add(line.substring(0, colon))) {
				// As Apache: a user's first line counts, even an unusable one, so that a
				// later line cannot give the user another password.
				problem = "user '" + line.substring(0, colon) + "' appears before; the first line counts";
			}
			else {
				Optional<StoredPassword> password = StoredPassword.parse(line.substring(colon + 1));
				if (password.isPresent()) {
					passwords.put(line.substring(0, colon), password.get());
				}
				else {
					problem = "plain-text password or unsupported hash (use htpasswd -B)";
				}
			}
			if (problem != null) {
				skipped.add(new Skipped(i + 1, problem));
			}
		}
		Map<StoredPassword.Kind, StoredPassword> dummies = new LinkedHashMap<>();
		for (StoredPassword password : passwords.values()) {
			dummies.computeIfAbsent(password.kind(), (kind) -> password.dummy());
		}
		if (dummies.isEmpty()) {
			StoredPassword dummy = StoredPassword.hashOf(UUID.randomUUID().toString());
			dummies.put(dummy.kind(), dummy);
		}
		return new UsersFileContents(passwords, skipped, dummies);
	}

	/**
	 * What a login as a user is checked against: the user's own hash, or a dummy for an
	 * unknown user, and a dummy of every other kind in the file. Each login thus hashes
	 * the password once per kind of hash in the file: a user of a fast kind answers as
	 * slowly as one of the slowest, and an unknown user as slowly as both.
	 * @param user the user name a client sent
	 * @return the check
	 */
	PasswordCheck checkFor(String user) {
		StoredPassword own = this.passwords.get(user);
		if (own == null) {
			List<StoredPassword> dummies = List.copyOf(this.dummies.values());
			return new PasswordCheck(dummies.get(0), dummies.subList(1, dummies.size()));
		}
		StoredPassword.Kind kind = own.kind();
		List<StoredPassword> others = this.dummies.entrySet()
			.stream()
			.filter((dummy) -> !dummy.getKey().equals(kind))
			.map(Map.Entry::getValue)
			.toList();
		return new PasswordCheck(own, others);
	}

	/**
	 * The kinds of hash in the file: each login hashes the password once per kind.
	 * @return the kinds
	 */
	Set<StoredPassword.Kind> kinds() {
		return this.dummies.keySet();
	}

	Optional<StoredPassword> find(String user) {
		return Optional.ofNullable(this.passwords.get(user));
	}

	Set<String> users() {
		return this.passwords.keySet();
	}

	/**
	 * A line of the file that was not used.
	 *
	 * @param lineNumber its number, from 1
	 * @param reason why
	 */
	record Skipped(int lineNumber, String reason) {
	}

}
