package org.cgiserver.security;

/**
 * Client-supplied text made safe for a log line: quoted, with control characters
 * escaped, so that a user name cannot forge log lines.
 */
final class LogText {

	private static final int MAX_LENGTH = 200;

	private LogText() {
	}

	static String quoted(String text) {
		StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 2).append('\'');
		for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\') {
				quoted.append(String.format("\\x%02x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		if (text.length() > MAX_LENGTH) {
			quoted.append("...");
		}
		return quoted.append('\'').toString();
	}

}
