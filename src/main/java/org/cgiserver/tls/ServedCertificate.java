package org.cgiserver.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * A certificate chain and its key, as the HTTPS connector serves them.
 *
 * @param key the certificate's key pair
 * @param chain the certificate first, then its issuers
 * @param temporary whether it is the self-signed stand-in served until the CA's
 * certificate arrives
 */
record ServedCertificate(KeyPair key, List<X509Certificate> chain, boolean temporary) {

	private static final String ALIAS = "cgiserver";

	/** The key store exists only in memory; its password protects nothing. */
	private static final String PASSWORD = "cgiserver";

	ServedCertificate {
		chain = List.copyOf(chain);
	}

	X509Certificate certificate() {
		return this.chain.get(0);
	}

	Instant notBefore() {
		return certificate().getNotBefore().toInstant();
	}

	Instant notAfter() {
		return certificate().getNotAfter().toInstant();
	}

	Duration lifetime() {
		return Duration.between(notBefore(), notAfter());
	}

	boolean expiredAt(Instant now) {
		return !now.isBefore(notAfter());
	}

	/**
	 * The DNS names the certificate is valid for.
	 * @return the names, lower case
	 */
	List<String> domains() {
		List<String> domains = new ArrayList<>();
		try {
			Collection<List<?>> names = certificate().getSubjectAlternativeNames();
			if (names != null) {
				for (List<?> name : names) {
					if (Integer.valueOf(2).equals(name.get(0))) {
						domains.add(String.valueOf(name.get(1)).toLowerCase(Locale.ROOT));
					}
				}
			}
		}
		catch (CertificateParsingException ex) {
			return List.of();
		}
		return domains;
	}

	/**
	 * Whether this certificate covers every one of the domains.
	 * @param wanted the domains asked for
	 * @return whether it does
	 */
	boolean covers(List<String> wanted) {
		return domains().containsAll(wanted);
	}

	SslBundle toBundle() {
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry(ALIAS, this.key.getPrivate(), PASSWORD.toCharArray(),
					this.chain.toArray(new Certificate[0]));
			return SslBundle.of(SslStoreBundle.of(store, PASSWORD, null), SslBundleKey.of(PASSWORD, ALIAS));
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalStateException("The certificate cannot be put in a key store: " + ex.getMessage(), ex);
		}
	}

}
