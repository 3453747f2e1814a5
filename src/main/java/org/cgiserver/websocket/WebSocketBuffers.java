package org.cgiserver.websocket;

/**
 * Chooses the size of the buffers Tomcat's WebSocket support holds for every session,
 * before its first session. Tomcat reads one size, for the whole JVM, from a system
 * property (8 KB when unset) and holds three buffers of it for each session: one to read
 * frames into, two to write messages from. 2 KB each take about 18 KB of heap less a
 * session, a fifth of its cost; a larger message is then read in more steps, and a
 * script's line longer than 2 KB goes out as several frames of one message, as the
 * protocol allows. An explicit {@code -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}
 * always wins.
 */
public final class WebSocketBuffers {

	static final String PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	static final int SIZE = 2048;

	private WebSocketBuffers() {
	}

	/**
	 * Prefers small buffers; must run before Tomcat's WebSocket support is loaded.
	 */
	public static void preferSmall() {
		if (System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, Integer.toString(SIZE));
		}
	}

}
