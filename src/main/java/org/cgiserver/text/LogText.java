package org.cgiserver.text;

import org.jspecify.annotations.Nullable;

/**
 * Text that a client or a script chose, made safe for a log line or an error reason:
 * quoted, cut to a length, and with control characters, quotes and backslashes escaped,
 * so that it can neither forge a log line nor look like the end of the quote.
 */
public final class LogText {

	private LogText() {
	}

	/**
	 * Quotes a text.
	 * @param text the text, or {@code null} for none
	 * @param maxLength how many of its characters are shown; more are cut off and
	 * marked with {@code ...}
	 * @return the quoted text
	 */
	public static String quoted(@Nullable String text, int maxLength) {
		if (text == null) {
			return "''";
		}
		StringBuilder quoted = new StringBuilder(Math.min(text.length(), maxLength) + 5).append('\'');
		for (int i = 0; i < text.length() && i < maxLength; i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\') {
				quoted.append(String.format("\\x%02x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		if (text.length() > maxLength) {
			quoted.append("...");
		}
		return quoted.append('\'').toString();
	}

}
