package org.cgiserver.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.TlsProperties;

/**
 * What {@code cgi.tls.acme.*} asks for, checked at start with the property named.
 *
 * @param directory the CA's ACME directory
 * @param domains the certificate's domain names, lower case, in the configured order
 * @param email the contact address, if any
 * @param storage the folder of keys and certificates (exists, mode 0700)
 * @param trusted the CA certificates that the ACME server's HTTPS is checked against;
 * empty for the JDK's own
 */
record AcmeSettings(URI directory, List<String> domains, @Nullable String email, Path storage,
		List<X509Certificate> trusted) {

	/** A host name of letters, digits and hyphens (RFC 1123); http-01 cannot prove wildcards. */
	private static final Pattern DOMAIN = Pattern
		.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	static AcmeSettings of(TlsProperties properties) {
		TlsProperties.Acme acme = properties.getAcme();
		URI directory = acme.getDirectory();
		if (directory == null || !("https".equals(directory.getScheme()) || "http".equals(directory.getScheme()))
				|| directory.getHost() == null) {
			throw new InvalidConfigurationException("cgi.tls.acme.directory", (directory != null) ? directory : "",
					"it must be the CA's ACME directory URL, such as https://acme-v02.api.letsencrypt.org/directory");
		}
		if (properties.getHttpPort() == null) {
			throw new InvalidConfigurationException("cgi.tls.http-port", "",
					"ACME's http-01 challenges come over plain HTTP: set it (80, or the port that 80 is forwarded to)");
		}
		return new AcmeSettings(directory, domains(acme.getDomains()), email(acme.getEmail()),
				storage(acme.getStorage()), trusted(acme.getTrustCertificate()));
	}

	private static List<String> domains(Collection<String> configured) {
		if (configured.isEmpty()) {
			throw new InvalidConfigurationException("cgi.tls.acme.domains", "",
					"name at least one domain of the certificate, such as git.example.org");
		}
		Set<String> domains = new LinkedHashSet<>();
		for (String domain : configured) {
			String name = domain.trim().toLowerCase(Locale.ROOT);
			if (name.endsWith(".")) {
				name = name.substring(0, name.length() - 1);
			}
			if (!DOMAIN.matcher(name).matches()) {
				throw new InvalidConfigurationException("cgi.tls.acme.domains", domain,
						"not a host name such as git.example.org (http-01 challenges cannot prove wildcards)");
			}
			domains.add(name);
		}
		return List.copyOf(domains);
	}

	private static @Nullable String email(@Nullable String email) {
		if (email == null || email.isBlank()) {
			return null;
		}
		if (!email.contains("@") || email.contains(" ") || email.contains(",")) {
			throw new InvalidConfigurationException("cgi.tls.acme.email", email, "not an email address");
		}
		return email.trim();
	}

	/**
	 * The folder, created private if missing (so no key is ever readable to others, even
	 * for a moment); an existing folder open to others is made private, and said so.
	 */
	private static Path storage(Path configured) {
		Path folder = configured.toAbsolutePath().normalize();
		Set<PosixFilePermission> privateFolder = PosixFilePermissions.fromString("rwx------");
		try {
			if (!Files.isDirectory(folder)) {
				Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(privateFolder));
			}
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
			if (!privateFolder.containsAll(permissions)) {
				LoggerFactory.getLogger(AcmeSettings.class)
					.warn("cgi.tls.acme.storage {} was open to others ({}); made private (0700)", folder,
							PosixFilePermissions.toString(permissions));
				Files.setPosixFilePermissions(folder, privateFolder);
			}
		}
		catch (IOException | UnsupportedOperationException ex) {
			throw new InvalidConfigurationException("cgi.tls.acme.storage", folder,
					"the folder cannot be created or made private (mode 0700): " + ex.getMessage());
		}
		if (!Files.isWritable(folder)) {
			throw new InvalidConfigurationException("cgi.tls.acme.storage", folder,
					"the server cannot write in the folder");
		}
		return folder;
	}

	private static List<X509Certificate> trusted(@Nullable Path file) {
		if (file == null) {
			return List.of();
		}
		try (InputStream in = Files.newInputStream(file)) {
			List<X509Certificate> certificates = new ArrayList<>();
			for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				certificates.add((X509Certificate) certificate);
			}
			if (certificates.isEmpty()) {
				throw new InvalidConfigurationException("cgi.tls.acme.trust-certificate", file,
						"the file holds no PEM certificate");
			}
			return List.copyOf(certificates);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new InvalidConfigurationException("cgi.tls.acme.trust-certificate", file,
					"not a readable PEM certificate: " + ex.getMessage());
		}
	}

}
