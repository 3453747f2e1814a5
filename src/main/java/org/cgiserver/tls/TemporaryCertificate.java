package org.cgiserver.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.shredzone.acme4j.util.CSRBuilder;
import org.shredzone.acme4j.util.CertificateUtils;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The stand-in served until the CA's first certificate arrives: the server starts at
 * once, and browsers warn instead of failing to connect.
 */
final class TemporaryCertificate {

	/** Long enough to outlast any outage of the CA: its expiry is never what goes wrong. */
	private static final Duration VALIDITY = Duration.ofDays(90);

	private TemporaryCertificate() {
	}

	static ServedCertificate create(List<String> domains, Instant now) {
		KeyPair issuerKey = KeyPairUtils.createKeyPair(2048);
		KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
		Instant notBefore = now.minus(Duration.ofMinutes(1));
		Instant notAfter = now.plus(VALIDITY);
		X509Certificate issuer = CertificateUtils.createTestRootCertificate(
				"CN=cgiserver temporary certificate", notBefore, notAfter, issuerKey);
		try {
			CSRBuilder request = new CSRBuilder();
			request.addDomains(domains);
			request.sign(key);
			X509Certificate certificate = CertificateUtils.createTestCertificate(request.getCSR(), notBefore, notAfter,
					issuer, issuerKey.getPrivate());
			return new ServedCertificate(key, List.of(certificate, issuer), true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
