package org.cgiserver.tls;

import java.net.InetAddress;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * The plain HTTP connector beside HTTPS ({@code cgi.tls.http-port}): the same protocol
 * and limits as the HTTPS connector (timeouts, header size, slow clients cut off), and a
 * quarter of its connection budget, since all it does is redirect and answer challenges.
 */
final class PlainHttpConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final int port;

	private final @Nullable InetAddress address;

	PlainHttpConnector(int port, @Nullable InetAddress address) {
		this.port = port;
		this.address = address;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		Connector connector = new Connector(factory.getProtocol());
		connector.setPort(this.port);
		connector.setScheme("http");
		connector.setSecure(false);
		if (this.address != null) {
			connector.setProperty("address", this.address.getHostAddress());
		}
		ProtocolHandler handler = connector.getProtocolHandler();
		LambdaSafe.callbacks(TomcatProtocolHandlerCustomizer.class, factory.getProtocolHandlerCustomizers(), handler)
			.invoke((customizer) -> customizer.customize(handler));
		factory.getConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));
		if (handler instanceof AbstractProtocol<?> protocol) {
			protocol.setMaxConnections(Math.max(64, protocol.getMaxConnections() / 4));
		}
		factory.addAdditionalConnectors(connector);
	}

	@Override
	public int getOrder() {
		// After every customizer that adds connector settings, which it copies.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
