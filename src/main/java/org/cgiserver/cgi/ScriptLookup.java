package org.cgiserver.cgi;

/**
 * What a request for a CGI path resolved to.
 */
public sealed interface ScriptLookup {

	/**
	 * A script to run.
	 *
	 * @param script the script
	 */
	record Found(Script script) implements ScriptLookup {
	}

	/**
	 * No such script: 404.
	 */
	record NotFound() implements ScriptLookup {
	}

	/**
	 * The path names something that must not run or be shown: 403.
	 *
	 * @param reason why, for the log
	 */
	record Forbidden(String reason) implements ScriptLookup {
	}

}
