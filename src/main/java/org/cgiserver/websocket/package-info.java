/**
 * WebSocket, the websocketd way: for a prefix marked {@code websocket}, the server
 * accepts the handshake itself and starts the script once per connection, its standard
 * input and output carrying the messages.
 */
@NullMarked
package org.cgiserver.websocket;

import org.jspecify.annotations.NullMarked;
