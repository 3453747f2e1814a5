package org.cgiserver.websocket;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A client's message as it arrives, in the parts the container hands over: the container
 * then holds only a small buffer for each session, and a message larger than one part is
 * gathered here while it arrives, up to the largest size allowed. Used by one thread at a
 * time, as the container delivers a session's messages.
 */
final class IncomingMessage {

	private final int maxSize;

	private byte @Nullable [] gathered;

	private int length;

	/**
	 * Creates a message gathered up to a size.
	 * @param maxSize the largest message, in bytes
	 */
	IncomingMessage(int maxSize) {
		this.maxSize = maxSize;
	}

	/**
	 * Adds a part of the message.
	 * @param part the part's bytes
	 * @param last whether it is the message's last part
	 * @return the whole message once its last part is in, or {@code null} while more is to
	 * come
	 * @throws TooLargeException if the message is larger than the largest size; what was
	 * gathered is dropped
	 */
	byte @Nullable [] add(byte[] part, boolean last) throws TooLargeException {
		if ((long) this.length + part.length > this.maxSize) {
			this.gathered = null;
			this.length = 0;
			throw new TooLargeException();
		}
		if (this.length == 0 && last) {
			// The message in one part, as most are: nothing to gather.
			return part;
		}
		byte[] buffer = this.gathered;
		if (buffer == null || buffer.length - this.length < part.length) {
			int size = (int) Math.min(this.maxSize, Math.max(2L * (this.length + part.length), 1024));
			buffer = (buffer != null) ? Arrays.copyOf(buffer, size) : new byte[size];
		}
		System.arraycopy(part, 0, buffer, this.length, part.length);
		this.length += part.length;
		if (!last) {
			this.gathered = buffer;
			return null;
		}
		byte[] message = Arrays.copyOf(buffer, this.length);
		this.gathered = null;
		this.length = 0;
		return message;
	}

	/**
	 * A message was larger than the largest size.
	 */
	static final class TooLargeException extends Exception {

		private static final long serialVersionUID = 1L;

		TooLargeException() {
			super("a message larger than cgi.websocket.max-message-size", null, false, false);
		}

	}

}
