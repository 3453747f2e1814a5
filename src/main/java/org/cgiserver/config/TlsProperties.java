package org.cgiserver.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HTTPS beside plain HTTP, and certificates from an ACME CA, bound from
 * {@code cgi.tls.*}.
 */
@ConfigurationProperties("cgi.tls")
public class TlsProperties {

	/**
	 * Port of plain HTTP beside HTTPS (80 in production): answers ACME http-01 challenges
	 * and redirects every other request to the same URL on HTTPS (308). Needs HTTPS on
	 * server.port (cgi.tls.acme or server.ssl). Unset: no plain HTTP port.
	 */
	private @Nullable Integer httpPort;

	/**
	 * Strict-Transport-Security header of HTTPS answers whose script did not send its own;
	 * empty turns it off.
	 */
	private String hsts = "max-age=31536000";

	/**
	 * HTTPS port named in the redirects from plain HTTP, when clients reach HTTPS on
	 * another port than server.port (443 forwarded to 8443); unset: server.port.
	 */
	private @Nullable Integer redirectPort;

	/**
	 * Certificates from an ACME CA.
	 */
	private final Acme acme = new Acme();

	public @Nullable Integer getHttpPort() {
		return this.httpPort;
	}

	public void setHttpPort(@Nullable Integer httpPort) {
		this.httpPort = httpPort;
	}

	public String getHsts() {
		return this.hsts;
	}

	public void setHsts(String hsts) {
		this.hsts = hsts;
	}

	public @Nullable Integer getRedirectPort() {
		return this.redirectPort;
	}

	public void setRedirectPort(@Nullable Integer redirectPort) {
		this.redirectPort = redirectPort;
	}

	public Acme getAcme() {
		return this.acme;
	}

	/**
	 * Certificates ordered from an ACME CA (RFC 8555) and renewed ahead of expiry.
	 */
	public static class Acme {

		/**
		 * The CA's ACME directory URL (Let's Encrypt:
		 * https://acme-v02.api.letsencrypt.org/directory). Setting it turns automatic
		 * certificates on, served on server.port, and accepts the CA's terms of service.
		 */
		private @Nullable URI directory;

		/**
		 * Domain names of the certificate; each must resolve to this server, whose
		 * cgi.tls.http-port the CA reaches on port 80.
		 */
		private List<String> domains = new ArrayList<>();

		/**
		 * Contact address given to the CA for notices about the account; optional.
		 */
		private @Nullable String email;

		/**
		 * Folder of the account key, the certificate's key and the certificate; created
		 * with mode 0700, keys written with mode 0600.
		 */
		private Path storage = Path.of("/var/lib/cgiserver/acme");

		/**
		 * PEM file of the CA certificate that the ACME server's own HTTPS certificate is
		 * checked against, for private CAs such as step-ca; unset: the JDK's trusted CAs.
		 */
		private @Nullable Path trustCertificate;

		public @Nullable URI getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable URI directory) {
			this.directory = directory;
		}

		public List<String> getDomains() {
			return this.domains;
		}

		public void setDomains(List<String> domains) {
			this.domains = domains;
		}

		public @Nullable String getEmail() {
			return this.email;
		}

		public void setEmail(@Nullable String email) {
			this.email = email;
		}

		public Path getStorage() {
			return this.storage;
		}

		public void setStorage(Path storage) {
			this.storage = storage;
		}

		public @Nullable Path getTrustCertificate() {
			return this.trustCertificate;
		}

		public void setTrustCertificate(@Nullable Path trustCertificate) {
			this.trustCertificate = trustCertificate;
		}

	}

}
