package org.cgiserver.cgi;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Room in the container's response head for the largest header block a script may send
 * ({@code cgi.max-header-size}, which the {@link ScriptOutputParser} measures as it will
 * be sent) and the server's own headers: a script's headers that pass the parser always
 * fit, and those that do not are a 502 of the parser's, never the container's 500 after
 * part of the answer went out. {@code server.max-http-response-header-size} is raised to
 * that room when it is smaller (never lowered): every connection being served holds a
 * buffer of that size.
 */
final class ScriptHeaderRoom implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	/**
	 * The server's own part of a script's response head: the status line, Date,
	 * Transfer-Encoding or Content-Length, Keep-Alive and Connection, a charset added to
	 * the Content-Type, Strict-Transport-Security: under 300 bytes, with room to spare.
	 */
	static final int SERVER_HEADERS = 2048;

	private final int room;

	/**
	 * @param maxHeaderSize the largest header block of a script, in bytes
	 */
	ScriptHeaderRoom(int maxHeaderSize) {
		this.room = maxHeaderSize + SERVER_HEADERS;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addConnectorCustomizers(this::customize);
	}

	private void customize(Connector connector) {
		if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol
				&& protocol.getMaxHttpResponseHeaderSize() < this.room) {
			protocol.setMaxHttpResponseHeaderSize(this.room);
		}
	}

	@Override
	public int getOrder() {
		// After Boot's own customizer sets server.max-http-response-header-size, before
		// those that copy the connector's settings to another connector.
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
