package org.cgiserver.support;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The environment a script printed with {@code env}, one {@code NAME=value} a line.
 */
public final class ScriptEnv {

	private ScriptEnv() {
	}

	/** The variables in a response body; the first of a repeated name wins. */
	public static Map<String, String> parse(String body) {
		return body.lines()
			.filter((line) -> line.contains("="))
			.collect(Collectors.toMap((line) -> line.substring(0, line.indexOf('=')),
					(line) -> line.substring(line.indexOf('=') + 1), (a, b) -> a));
	}

}
