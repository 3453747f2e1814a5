package org.cgiserver.connection;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.ProtocolHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Makes Tomcat's connector hold bounded memory per connection: its protocol is the
 * {@link WatchedNioProtocol} that the {@link SlowClientWatchdog} watches, its socket
 * buffers are smaller than Tomcat's defaults, and, unless
 * {@code server.tomcat.max-connections} is set, its connection limit is sized from the
 * heap for requests, and grows by one for each session open
 * ({@code server.tomcat.accept-count}, unless set, is raised too). Runs after Spring
 * Boot's own customizer, whose settings it overrides.
 */
final class SlowClientServerCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(SlowClientServerCustomizer.class);

	static final String MAX_CONNECTIONS = "server.tomcat.max-connections";

	static final String ACCEPT_COUNT = "server.tomcat.accept-count";

	/**
	 * Connections the kernel queues while Tomcat is not accepting (Tomcat: 100), as
	 * lighttpd's default backlog: a burst of connections waits in the queue instead of
	 * having its SYNs dropped, which costs each client at least a second.
	 */
	static final int ACCEPT_COUNT_DEFAULT = 1024;

	/**
	 * Socket read buffer of each connection (Tomcat: 8 KB). Larger reads bypass it, but
	 * every connection has one, and it is added to the request header buffer of each
	 * processor.
	 */
	static final DataSize SOCKET_READ_BUFFER = DataSize.ofKilobytes(4);

	/**
	 * Socket write buffer of each connection (Tomcat: 8 KB). Tomcat writes a large body in
	 * pieces of this size, one system call each, so it sets the rate of a streamed script's
	 * output: 4 KB gave 640 MiB/s, 16 KB 980 and 64 KB 1,200 (2 cores), while every open
	 * connection holds one.
	 */
	static final DataSize SOCKET_WRITE_BUFFER = DataSize.ofKilobytes(16);

	/**
	 * Trailer headers of a chunked request body (Tomcat: 8 KB, allocated for every
	 * processor); scripts never see them.
	 */
	static final DataSize MAX_TRAILER_SIZE = DataSize.ofKilobytes(1);

	private final SlowClientWatchdog watchdog;

	private final Binder binder;

	private final long maxHeap;

	private final int maxSessions;

	/**
	 * Creates the customizer.
	 * @param watchdog the watchdog to give the connector's protocol to
	 * @param environment where the connector's own settings are read
	 * @param maxHeap the heap's largest size, as {@link Runtime#maxMemory()}
	 * @param maxSessions the most sessions open at once, each of which a limit sized from
	 * the heap grows by, beside requests (0 where no prefix holds sessions)
	 */
	SlowClientServerCustomizer(SlowClientWatchdog watchdog, Environment environment, long maxHeap,
			int maxSessions) {
		this.watchdog = watchdog;
		this.binder = Binder.get(environment);
		this.maxHeap = maxHeap;
		this.maxSessions = maxSessions;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.setProtocol(WatchedNioProtocol.class.getName());
		factory.addConnectorCustomizers(this::customize);
	}

	private void customize(Connector connector) {
		ProtocolHandler handler = connector.getProtocolHandler();
		if (!(handler instanceof WatchedNioProtocol protocol)) {
			logger.warn("Tomcat's protocol is {}, not the one watched: slow clients are not cut off",
					handler.getClass().getName());
			return;
		}
		connector.setProperty("socket.appReadBufSize", Long.toString(SOCKET_READ_BUFFER.toBytes()));
		connector.setProperty("socket.appWriteBufSize", Long.toString(SOCKET_WRITE_BUFFER.toBytes()));
		protocol.setMaxTrailerSize((int) MAX_TRAILER_SIZE.toBytes());
		boolean maxConnectionsSet = this.binder.bind(MAX_CONNECTIONS, Integer.class).isBound();
		if (!maxConnectionsSet) {
			protocol.setMaxConnections(ConnectionBudget.maxConnections(this.maxHeap));
			// Sessions hold heap of their own, whose number cgi.websocket.max-sessions caps.
			protocol.sessionsBesideLimit(this.maxSessions);
		}
		if (!this.binder.bind(ACCEPT_COUNT, Integer.class).isBound()) {
			protocol.setAcceptCount(ACCEPT_COUNT_DEFAULT);
		}
		if (maxConnectionsSet) {
			logger.info("At most {} client connections, sessions included ({}); slow ones are closed",
					protocol.getMaxConnections(), MAX_CONNECTIONS);
		}
		else if (this.maxSessions > 0) {
			logger.info("At most {} client connections for requests (sized from the heap), and one more for each "
					+ "session open, up to {}; slow ones are closed", protocol.getMaxConnections(), this.maxSessions);
		}
		else {
			logger.info("At most {} client connections (sized from the heap); slow ones are closed",
					protocol.getMaxConnections());
		}
		this.watchdog.watch(protocol);
	}

	@Override
	public int getOrder() {
		// After Boot's own customizers, before those that copy the connector's settings.
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
