package org.cgiserver.cgi;

/**
 * A script's output is not a valid CGI response: answered with 502 Bad Gateway.
 */
public final class MalformedScriptOutputException extends Exception {

	public MalformedScriptOutputException(String reason) {
		super(reason);
	}

}
