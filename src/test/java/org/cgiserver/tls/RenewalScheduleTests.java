package org.cgiserver.tls;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.util.CertificateUtils;
import org.shredzone.acme4j.util.KeyPairUtils;

import static org.assertj.core.api.Assertions.assertThat;

class RenewalScheduleTests {

	private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

	private static ServedCertificate ninetyDays;

	@BeforeAll
	static void certificate() {
		KeyPair key = KeyPairUtils.createKeyPair(2048);
		X509Certificate certificate = CertificateUtils.createTestRootCertificate("CN=test", ISSUED,
				ISSUED.plus(Duration.ofDays(90)), key);
		ninetyDays = new ServedCertificate(key, List.of(certificate), false);
	}

	@Test
	void withoutRenewalInformationACertificateIsRenewedWithAThirdOfItsLifetimeLeft() {
		assertThat(RenewalSchedule.due(ninetyDays, null, 0.5)).isEqualTo(ISSUED.plus(Duration.ofDays(60)));
	}

	@Test
	void theCasWindowDecidesWhenItOffersOne() {
		RenewalSchedule.Window window = new RenewalSchedule.Window(ISSUED.plus(Duration.ofDays(40)),
				ISSUED.plus(Duration.ofDays(42)));
		assertThat(RenewalSchedule.due(ninetyDays, window, 0)).isEqualTo(window.start());
		assertThat(RenewalSchedule.due(ninetyDays, window, 0.5)).isEqualTo(ISSUED.plus(Duration.ofDays(41)));
		assertThat(RenewalSchedule.due(ninetyDays, window, 1)).isEqualTo(window.end());
	}

	@Test
	void anEmptyOrInvertedWindowIsIgnored() {
		RenewalSchedule.Window inverted = new RenewalSchedule.Window(ISSUED.plus(Duration.ofDays(42)),
				ISSUED.plus(Duration.ofDays(40)));
		assertThat(RenewalSchedule.due(ninetyDays, inverted, 0.5)).isEqualTo(ISSUED.plus(Duration.ofDays(60)));
	}

	@Test
	void theTemporaryCertificateIsReplacedAtOnce() {
		ServedCertificate temporary = TemporaryCertificate.create(List.of("example.org"), ISSUED);
		assertThat(RenewalSchedule.due(temporary, null, 0.5)).isBefore(ISSUED);
		assertThat(temporary.domains()).containsExactly("example.org");
		assertThat(temporary.covers(List.of("example.org"))).isTrue();
		assertThat(temporary.covers(List.of("example.org", "www.example.org"))).isFalse();
	}

	@Test
	void sleepsUntilDueButAtMostADay() {
		Instant now = ISSUED;
		assertThat(RenewalSchedule.sleep(now.plus(Duration.ofHours(3)), now)).isEqualTo(Duration.ofHours(3));
		assertThat(RenewalSchedule.sleep(now.plus(Duration.ofDays(30)), now)).isEqualTo(Duration.ofDays(1));
		assertThat(RenewalSchedule.sleep(now.minusSeconds(1), now)).isZero();
	}

	@Test
	void failedAttemptsAreRetriedWithADoublingPauseUpToSixHours() {
		assertThat(RenewalSchedule.retry(1)).isEqualTo(Duration.ofMinutes(2));
		assertThat(RenewalSchedule.retry(2)).isEqualTo(Duration.ofMinutes(4));
		assertThat(RenewalSchedule.retry(5)).isEqualTo(Duration.ofMinutes(32));
		assertThat(RenewalSchedule.retry(9)).isEqualTo(Duration.ofHours(6));
		assertThat(RenewalSchedule.retry(1000)).isEqualTo(Duration.ofHours(6));
	}

}
