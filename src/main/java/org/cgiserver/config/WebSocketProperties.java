package org.cgiserver.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the WebSocket sessions of prefixes marked with
 * {@code cgi.prefixes[N].websocket}, bound from {@code cgi.websocket}; the cap and the
 * longest duration also hold for connections taken over by scripts
 * ({@code cgi.prefixes[N].upgrade}).
 */
@ConfigurationProperties("cgi.websocket")
public class WebSocketProperties {

	/**
	 * Most WebSocket sessions open at once, each with its script running, of both ways:
	 * prefixes marked websocket, and scripts that took over their connection (upgrade); a
	 * handshake beyond it is answered with 503. Counted apart from cgi.max-concurrent, so
	 * that long sessions never take a slot from short requests.
	 */
	private int maxSessions = 1000;

	/**
	 * Largest message a client may send (its bytes, in UTF-8 for a text message), and
	 * longest line (text mode) or read (binary mode) of a script that is sent as one
	 * message; a larger one from the client closes the session with 1009, a longer line
	 * from the script with 1011. A client's message larger than 1,024 characters is
	 * gathered in up to this much heap while it arrives; a session keeps a buffer as long
	 * as the longest line its script has written.
	 */
	private DataSize maxMessageSize = DataSize.ofKilobytes(8);

	/**
	 * Longest a session may last; its script is then stopped and the session closed with
	 * 1008 (a connection taken over by a script is closed, from its 101 on). cgi.timeout
	 * does not apply to sessions.
	 */
	private Duration maxDuration = Duration.ofHours(24);

	/**
	 * Time between pings the server sends to keep a quiet session's connection alive
	 * through proxies; a client that has not answered the previous one by the next is
	 * taken for gone and its session closed with 1001. Zero sends none.
	 */
	private Duration pingInterval = Duration.ofSeconds(30);

	/**
	 * Origins (such as https://example.org) whose pages may open sessions besides the
	 * server's own; browsers send cookies and logins with a cross-site handshake, so other
	 * pages are refused with 403 unless listed. '*' allows every origin.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	public int getMaxSessions() {
		return this.maxSessions;
	}

	public void setMaxSessions(int maxSessions) {
		this.maxSessions = maxSessions;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public Duration getMaxDuration() {
		return this.maxDuration;
	}

	public void setMaxDuration(Duration maxDuration) {
		this.maxDuration = maxDuration;
	}

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

}
