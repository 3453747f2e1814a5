package org.cgiserver.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client for tests: the JDK's own, collecting what the server sends.
 */
final class JdkSocket implements AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(20);

	private final WebSocket socket;

	private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Closed> closed = new CompletableFuture<>();

	private JdkSocket(URI uri, Map<String, String> headers) {
		this(HttpClient.newHttpClient(), uri, headers);
	}

	private JdkSocket(HttpClient client, URI uri, Map<String, String> headers) {
		WebSocket.Builder builder = client.newWebSocketBuilder();
		headers.forEach(builder::header);
		this.socket = builder.buildAsync(uri, new Collector()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
	}

	static JdkSocket open(int port, String pathAndQuery) {
		return open(port, pathAndQuery, Map.of());
	}

	static JdkSocket open(int port, String pathAndQuery, Map<String, String> headers) {
		return new JdkSocket(URI.create("ws://127.0.0.1:" + port + pathAndQuery), headers);
	}

	/**
	 * A session opened through a given client, so that many sessions share its threads.
	 */
	static JdkSocket open(HttpClient client, int port, String pathAndQuery) {
		return new JdkSocket(client, URI.create("ws://127.0.0.1:" + port + pathAndQuery), Map.of());
	}

	/**
	 * The answer to a handshake the server refuses.
	 * @return the response, whose body the JDK does not keep
	 */
	static HttpResponse<?> refusal(int port, String pathAndQuery, Map<String, String> headers) {
		try {
			new JdkSocket(URI.create("ws://127.0.0.1:" + port + pathAndQuery), headers).close();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException refused) {
				return refused.getResponse();
			}
			throw ex;
		}
		throw new AssertionError("The handshake for " + pathAndQuery + " was accepted");
	}

	void send(String text) {
		this.socket.sendText(text, true).join();
	}

	/** Sends one text message in a frame for each part. */
	void sendFragments(String... parts) {
		for (int i = 0; i < parts.length; i++) {
			this.socket.sendText(parts[i], i == parts.length - 1).join();
		}
	}

	/**
	 * Sends the same message again and again without waiting for the sends to end.
	 * @return the end of the last send
	 */
	CompletableFuture<?> flood(String text, int times) {
		CompletableFuture<?> sent = CompletableFuture.completedFuture(null);
		for (int i = 0; i < times; i++) {
			sent = sent.thenCompose((previous) -> this.socket.sendText(text, true));
		}
		return sent;
	}

	void send(byte[] data) {
		this.socket.sendBinary(ByteBuffer.wrap(data), true).join();
	}

	/** The next text message; fails when none comes in time. */
	String text() throws InterruptedException {
		Object message = this.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(message).as("a text message").isInstanceOf(String.class);
		return (String) message;
	}

	/** The next binary message; fails when none comes in time. */
	byte[] binary() throws InterruptedException {
		Object message = this.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(message).as("a binary message").isInstanceOf(byte[].class);
		return (byte[]) message;
	}

	/** Every message until the server closes, then the close. */
	List<Object> rest() {
		closed();
		List<Object> rest = new ArrayList<>();
		this.messages.drainTo(rest);
		return rest;
	}

	/** The server's close, once it came. */
	Closed closed() {
		return this.closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			try {
				this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
			}
			catch (CompletionException ex) {
				// The server closed first, and the JDK answered its close meanwhile.
				assertThat(this.socket.isOutputClosed()).as("closed, %s", ex).isTrue();
			}
		}
	}

	record Closed(int code, String reason) {
	}

	private final class Collector implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				JdkSocket.this.messages.add(this.text.toString());
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			if (last) {
				JdkSocket.this.messages.add(this.binary.toByteArray());
				this.binary.reset();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			JdkSocket.this.closed.complete(new Closed(statusCode, reason));
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			JdkSocket.this.closed.completeExceptionally(error);
		}

	}

}
