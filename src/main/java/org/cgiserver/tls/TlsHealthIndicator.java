package org.cgiserver.tls;

import java.time.Clock;
import java.time.Instant;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code tls} in health: DOWN only when the certificate served has expired, or when none
 * could be obtained yet and the CA refused; a failed renewal while a valid certificate is
 * served leaves it UP, with the CA's answer in the details.
 */
final class TlsHealthIndicator extends AbstractHealthIndicator {

	private final AcmeCertificates certificates;

	private final Clock clock;

	TlsHealthIndicator(AcmeCertificates certificates, Clock clock) {
		super("TLS health check failed");
		this.certificates = certificates;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		AcmeCertificates.State state = this.certificates.state();
		ServedCertificate served = state.served();
		Instant now = this.clock.instant();
		boolean down = served.expiredAt(now) || (served.temporary() && state.failures() > 0);
		builder.status(down ? org.springframework.boot.health.contributor.Status.DOWN
				: org.springframework.boot.health.contributor.Status.UP);
		builder.withDetail("domains", served.domains())
			.withDetail("temporary", served.temporary())
			.withDetail("issuer", served.certificate().getIssuerX500Principal().getName())
			.withDetail("notAfter", served.notAfter().toString());
		if (state.next() != null) {
			builder.withDetail("nextAttempt", state.next().toString());
		}
		if (state.lastError() != null) {
			builder.withDetail("failures", state.failures()).withDetail("lastError", state.lastError());
		}
	}

}
