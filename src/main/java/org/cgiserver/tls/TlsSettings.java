package org.cgiserver.tls;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.TlsProperties;

import org.springframework.boot.web.server.Ssl;

/**
 * What {@code cgi.tls.*} (other than ACME's own settings) asks for, checked at start with
 * the property named.
 *
 * @param https whether server.port serves HTTPS (from ACME or from server.ssl)
 * @param acme whether certificates come from an ACME CA
 * @param httpPort the plain HTTP port beside HTTPS, or {@code null}
 * @param redirectPort the HTTPS port named in redirects, or {@code null} for server.port
 * @param hsts the Strict-Transport-Security value, empty for none
 */
record TlsSettings(boolean https, boolean acme, @Nullable Integer httpPort, @Nullable Integer redirectPort,
		String hsts) {

	/** max-age with the optional directives of RFC 6797, nothing that could split a header. */
	private static final Pattern HSTS = Pattern.compile("(?i)max-age=\\d+(\\s*;\\s*(includeSubDomains|preload))*");

	static TlsSettings of(TlsProperties properties, @Nullable Ssl serverSsl) {
		boolean acme = properties.getAcme().getDirectory() != null;
		boolean files = Ssl.isEnabled(serverSsl);
		if (acme && files) {
			throw new InvalidConfigurationException("cgi.tls.acme.directory", properties.getAcme().getDirectory(),
					"server.ssl.* is set too; ACME serves its own certificate on server.port: remove one of them");
		}
		Integer httpPort = port("cgi.tls.http-port", properties.getHttpPort());
		if (httpPort != null && !acme && !files) {
			throw new InvalidConfigurationException("cgi.tls.http-port", httpPort,
					"plain HTTP beside HTTPS needs HTTPS on server.port: set cgi.tls.acme.directory or server.ssl.*");
		}
		String hsts = properties.getHsts().trim();
		if (!hsts.isEmpty() && !HSTS.matcher(hsts).matches()) {
			throw new InvalidConfigurationException("cgi.tls.hsts", hsts,
					"it must be a Strict-Transport-Security value such as max-age=31536000; includeSubDomains (or empty)");
		}
		return new TlsSettings(acme || files, acme, httpPort, port("cgi.tls.redirect-port", properties.getRedirectPort()),
				hsts);
	}

	private static @Nullable Integer port(String property, @Nullable Integer port) {
		if (port != null && (port < 0 || port > 65535)) {
			throw new InvalidConfigurationException(property, port, "not a TCP port");
		}
		return port;
	}

}
