package org.cgiserver.tls;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * When a certificate is renewed: at once while the temporary one is served; within the
 * CA's suggested window when it offers renewal information (RFC 9773); otherwise when a
 * third of its lifetime is left, as Let's Encrypt recommends. Failed attempts are retried
 * with a doubling pause.
 */
final class RenewalSchedule {

	/** The first pause after a failure: long enough not to hammer a CA that is down. */
	static final Duration FIRST_RETRY = Duration.ofMinutes(2);

	/** The longest pause between attempts, well inside any certificate's last third. */
	static final Duration LONGEST_RETRY = Duration.ofHours(6);

	/** Even a certificate far from renewal is looked at again: the CA may revoke or reschedule. */
	static final Duration LONGEST_SLEEP = Duration.ofDays(1);

	private RenewalSchedule() {
	}

	/**
	 * When the certificate should be renewed.
	 * @param certificate the certificate served
	 * @param window the CA's suggestion, or {@code null}
	 * @param position where in the window to renew, from 0 (its start) to 1 (its end);
	 * chosen at random by the caller, so that many servers do not all renew at once
	 * @return the time, possibly in the past
	 */
	static Instant due(ServedCertificate certificate, @Nullable Window window, double position) {
		if (certificate.temporary()) {
			return Instant.EPOCH;
		}
		if (window != null && window.end().isAfter(window.start())) {
			long span = Duration.between(window.start(), window.end()).toMillis();
			return window.start().plusMillis((long) (span * Math.min(1, Math.max(0, position))));
		}
		return certificate.notAfter().minus(certificate.lifetime().dividedBy(3));
	}

	/**
	 * How long to wait before looking again.
	 * @param due when the certificate is due
	 * @param now the time now
	 * @return the pause
	 */
	static Duration sleep(Instant due, Instant now) {
		Duration left = Duration.between(now, due);
		if (left.isNegative()) {
			return Duration.ZERO;
		}
		return (left.compareTo(LONGEST_SLEEP) < 0) ? left : LONGEST_SLEEP;
	}

	/**
	 * How long to wait after failed attempts.
	 * @param failures attempts failed in a row, at least 1
	 * @return the pause
	 */
	static Duration retry(int failures) {
		Duration pause = FIRST_RETRY;
		for (int i = 1; i < failures && pause.compareTo(LONGEST_RETRY) < 0; i++) {
			pause = pause.multipliedBy(2);
		}
		return (pause.compareTo(LONGEST_RETRY) < 0) ? pause : LONGEST_RETRY;
	}

	/**
	 * A renewal window suggested by the CA.
	 *
	 * @param start its start
	 * @param end its end
	 */
	record Window(Instant start, Instant end) {
	}

}
