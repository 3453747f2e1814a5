package org.cgiserver.config;

/**
 * How a prefix's scripts talk over WebSocket, as websocketd's modes: the server accepts
 * the handshake and starts the script once per connection.
 */
public enum WebSocketMode {

	/** Each message the client sends is a line on stdin; each line the script writes is a message. */
	TEXT,

	/** What the client sends reaches stdin as sent; each read of stdout is a binary message. */
	BINARY

}
