package org.cgiserver.cgi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line arguments of RFC 3875 section 4.4: a query string without '=' split
 * on '+', each word percent-decoded.
 */
final class SearchArguments {

	private SearchArguments() {
	}

	/**
	 * Parses a query string into arguments.
	 * @param query the raw query string
	 * @return the arguments; none when the query has '=' or a word cannot be decoded
	 */
	static List<String> parse(String query) {
		if (query.isEmpty() || query.indexOf('=') >= 0) {
			return List.of();
		}
		List<String> arguments = new ArrayList<>();
		for (String word : query.split("\\+", -1)) {
			String decoded = decode(word);
			if (decoded == null) {
				return List.of();
			}
			arguments.add(decoded);
		}
		return arguments;
	}

	private static String decode(String word) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(word.length());
		for (int i = 0; i < word.length(); i++) {
			char c = word.charAt(i);
			if (c == '%') {
				if (i + 2 >= word.length()) {
					return null;
				}
				int high = Character.digit(word.charAt(i + 1), 16);
				int low = Character.digit(word.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return null;
				}
				bytes.write(high * 16 + low);
				i += 2;
			}
			else {
				bytes.write(c);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
