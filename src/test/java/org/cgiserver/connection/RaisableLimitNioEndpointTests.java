package org.cgiserver.connection;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acceptor of a running endpoint, waiting for room at the connection limit, takes the
 * room a raised limit makes, with no connection closing.
 */
class RaisableLimitNioEndpointTests {

	private final RaisableLimitNioEndpoint endpoint = new RaisableLimitNioEndpoint();

	@AfterEach
	void stop() throws Exception {
		this.endpoint.stop();
		this.endpoint.destroy();
	}

	@Test
	void aWaitingAcceptorTakesTheRoomOfARaisedLimit() throws Exception {
		this.endpoint.setAddress(InetAddress.getLoopbackAddress());
		this.endpoint.setPort(0);
		this.endpoint.setHandler(new NoConnections());
		// Tomcat's own acceptor counts the one connection the limit allows, then waits in accept.
		this.endpoint.setMaxConnections(1);
		this.endpoint.start();
		Awaitility.await().until(() -> this.endpoint.getConnectionCount() == 1);
		CompletableFuture<Void> counted = new CompletableFuture<>();
		Thread acceptor = new Thread(() -> {
			try {
				this.endpoint.countUpOrAwaitConnection();
				counted.complete(null);
			}
			catch (InterruptedException ex) {
				counted.completeExceptionally(ex);
			}
		});
		acceptor.start();
		Awaitility.await()
			.until(() -> acceptor.getState() == Thread.State.WAITING || acceptor.getState() == Thread.State.TIMED_WAITING);
		assertThat(counted).as("no room yet").isNotDone();
		this.endpoint.setMaxConnections(2);
		counted.get(5, TimeUnit.SECONDS);
		assertThat(this.endpoint.getConnectionCount()).isEqualTo(2);
	}

	/** Serves no connection: none is made. */
	private static final class NoConnections implements AbstractEndpoint.Handler<NioChannel> {

		@Override
		public SocketState process(SocketWrapperBase<NioChannel> socket, SocketEvent status) {
			return SocketState.CLOSED;
		}

		@Override
		public Object getGlobal() {
			return null;
		}

		@Override
		public void release(SocketWrapperBase<NioChannel> socketWrapper) {
		}

		@Override
		public void pause() {
		}

		@Override
		public void recycle() {
		}

	}

}
