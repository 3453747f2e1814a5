package org.cgiserver.cgi;

/**
 * What the tests of connections taken over by scripts send and run: the client's
 * WebSocket handshake (RFC 6455's sample key) and a script's 101 that completes it.
 */
final class TakeoverScripts {

	/** The start of a script that takes over its connection: a 101 completing the handshake. */
	static final String SWITCH = "printf 'Status: 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\n"
			+ "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\\r\\n\\r\\n'\n";

	private TakeoverScripts() {
	}

	/**
	 * A WebSocket handshake request.
	 * @param port the server's port, for the Host header
	 * @param path the script's path
	 * @param moreHeaders header lines to add, each ending with CRLF
	 * @return the request
	 */
	static String handshake(int port, String path, String moreHeaders) {
		return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
				+ "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + moreHeaders + "\r\n";
	}

}
