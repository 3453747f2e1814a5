package org.cgiserver.connection;

/**
 * Ends a client's connection from the server's side, as the slow-client watchdog does:
 * its socket is shut down, so that whatever serves it sees the end of the stream and
 * Tomcat closes it the usual way, with nothing released under anyone's feet. For a
 * connection a script took over: when the script is done, Tomcat would otherwise close
 * it only when the client next sends something.
 */
public final class ConnectionShutdown {

	private final SlowClientWatchdog watchdog;

	ConnectionShutdown(SlowClientWatchdog watchdog) {
		this.watchdog = watchdog;
	}

	/**
	 * Shuts a connection down, if it is still open.
	 * @param client the connection
	 * @return whether it was found open
	 */
	public boolean shutDown(ClientConnection client) {
		return this.watchdog.shutDown(client);
	}

}
