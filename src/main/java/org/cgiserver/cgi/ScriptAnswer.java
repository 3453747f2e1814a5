package org.cgiserver.cgi;

import org.jspecify.annotations.Nullable;

/**
 * What the client got from a script.
 *
 * @param status the status sent
 * @param failure why the response is a failure, or {@code null}
 * @param localRedirect the path to answer with instead, or {@code null}
 * @param cutOff whether the response must be cut off rather than ended
 * @param eventStream whether it was an event stream, which its own limits end
 */
record ScriptAnswer(int status, @Nullable String failure, @Nullable String localRedirect, boolean cutOff,
		boolean eventStream) {

	static ScriptAnswer complete(int status) {
		return new ScriptAnswer(status, null, null, false, false);
	}

	static ScriptAnswer failed(int status, String failure) {
		return new ScriptAnswer(status, failure, null, false, false);
	}

	static ScriptAnswer cutOff(int status, String failure) {
		return new ScriptAnswer(status, failure, null, true, false);
	}

	static ScriptAnswer localRedirect(String path) {
		return new ScriptAnswer(0, null, path, false, false);
	}

	/**
	 * An event stream whose end is a complete answer, whether its script ended it or one
	 * of its limits did: a client cannot tell a stream cut short by one from a whole one,
	 * and reconnects either way.
	 */
	static ScriptAnswer eventStreamEnded(int status) {
		return new ScriptAnswer(status, null, null, false, true);
	}

	/** The script took over the connection: it is piped to the script until either end closes it. */
	static ScriptAnswer upgraded() {
		return new ScriptAnswer(101, null, null, false, false);
	}

	boolean isUpgraded() {
		return this.status == 101;
	}

}
