package org.cgiserver.security;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The users of an htpasswd file: {@code user:hash} a line, blank lines and {@code #}
 * comments ignored. A line that cannot be used is skipped, with a reason that never
 * holds its hash or password, so that it can be logged.
 *
 * @param passwords each user's stored password
 * @param skipped the lines skipped
 * @param dummy the password unknown users are checked against: the file's most common
 * scheme and cost, so that they take as long as real users
 */
record UsersFileContents(Map<String, StoredPassword> passwords, List<Skipped> skipped, StoredPassword dummy) {

	/** A file without users: nobody can log in. */
	static final UsersFileContents NOBODY = parse(List.of());

	UsersFileContents {
		passwords = Map.copyOf(passwords);
		skipped = List.copyOf(skipped);
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
		StoredPassword dummy = mostCommonKind(passwords).map(StoredPassword::dummy)
			.orElseGet(() -> StoredPassword.hashOf(UUID.randomUUID().toString()));
		return new UsersFileContents(passwords, skipped, dummy);
	}

	private static Optional<StoredPassword> mostCommonKind(Map<String, StoredPassword> passwords) {
		Map<String, List<StoredPassword>> byCost = passwords.values()
			.stream()
			.collect(Collectors.groupingBy(StoredPassword::cost, LinkedHashMap::new, Collectors.toList()));
		return byCost.values()
			.stream()
			.max(Comparator.comparingInt(List::size))
			.map((kind) -> kind.get(0));
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
