package org.cgiserver.tls;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the HTTPS certificate: serves the stored one (or a temporary one) from the start,
 * orders a new one from the CA when it is due, stores it and swaps it into the running
 * connector through Boot's SSL bundle, without a restart and without dropping the one
 * being served when the CA fails.
 */
final class AcmeCertificates implements SmartLifecycle {

	/** The SSL bundle that the HTTPS connector serves. */
	static final String BUNDLE = "cgiserver-acme";

	private static final Logger logger = LoggerFactory.getLogger(AcmeCertificates.class);

	private final AcmeSettings settings;

	private final AcmeStorage storage;

	private final AcmeClient client;

	private final Clock clock;

	private final double windowPosition = ThreadLocalRandom.current().nextDouble();

	private volatile ServedCertificate served;

	private volatile @Nullable SslBundleRegistry registry;

	private volatile @Nullable ScheduledExecutorService scheduler;

	private volatile State state;

	AcmeCertificates(AcmeSettings settings, AcmeStorage storage, AcmeClient client, Clock clock) {
		this.settings = settings;
		this.storage = storage;
		this.client = client;
		this.clock = clock;
		ServedCertificate stored = storage.certificate();
		if (stored != null && stored.covers(settings.domains()) && !stored.expiredAt(clock.instant())) {
			logger.info("HTTPS for {} with the stored certificate, valid until {}", settings.domains(),
					stored.notAfter());
			this.served = stored;
		}
		else {
			logger.info("HTTPS for {} with a temporary self-signed certificate until the CA at {} issues one",
					settings.domains(), settings.directory());
			this.served = TemporaryCertificate.create(settings.domains(), clock.instant());
		}
		this.state = new State(this.served, 0, null, null);
	}

	/**
	 * Registers the bundle the HTTPS connector serves, before the connector starts.
	 * @param registry Boot's SSL bundles
	 */
	void registerWith(SslBundleRegistry registry) {
		registry.registerBundle(BUNDLE, this.served.toBundle());
		this.registry = registry;
	}

	List<String> domains() {
		return this.settings.domains();
	}

	State state() {
		return this.state;
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "acme");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = scheduler;
		scheduler.execute(this::check);
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	private void check() {
		ServedCertificate current = this.served;
		Instant due = RenewalSchedule.due(current, window(current), this.windowPosition);
		Instant now = this.clock.instant();
		if (now.isBefore(due)) {
			this.state = new State(current, 0, this.state.lastError(), due);
			schedule(RenewalSchedule.sleep(due, now));
			return;
		}
		try {
			ServedCertificate obtained = this.client.order(this.storage.accountKey(), current);
			this.storage.store(obtained);
			this.served = obtained;
			SslBundleRegistry registry = this.registry;
			if (registry != null) {
				registry.updateBundle(BUNDLE, obtained.toBundle());
			}
			Instant next = RenewalSchedule.due(obtained, null, this.windowPosition);
			this.state = new State(obtained, 0, null, next);
			logger.info("HTTPS for {}: new certificate from {} served, valid until {}", this.settings.domains(),
					this.settings.directory(), obtained.notAfter());
			schedule(RenewalSchedule.sleep(next, this.clock.instant()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			int failures = this.state.failures() + 1;
			Duration retry = RenewalSchedule.retry(failures);
			String reason = String.valueOf(ex.getMessage());
			this.state = new State(current, failures, reason, now.plus(retry));
			logger.error("HTTPS for {}: no certificate from {} (attempt {}): {}; next attempt in {}; still serving {}",
					this.settings.domains(), this.settings.directory(), failures, reason, retry,
					current.temporary() ? "the temporary certificate" : "the certificate valid until " + current.notAfter());
			schedule(retry);
		}
	}

	/** The CA's renewal window for a certificate of its own, if it offers one and answers. */
	private RenewalSchedule.@Nullable Window window(ServedCertificate current) {
		if (current.temporary()) {
			return null;
		}
		try {
			return this.client.renewalWindow(this.storage.accountKey(), current.certificate());
		}
		catch (AcmeException | IOException | RuntimeException ex) {
			logger.warn("HTTPS for {}: no renewal information from {} ({}); renewing when a third of the lifetime is left",
					this.settings.domains(), this.settings.directory(), ex.getMessage());
			return null;
		}
	}

	private void schedule(Duration delay) {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null && !scheduler.isShutdown()) {
			scheduler.schedule(this::check, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * What the certificate keeper knows now, for health and metrics.
	 *
	 * @param served the certificate served
	 * @param failures attempts that failed in a row
	 * @param lastError the CA's answer to the last failed attempt, or {@code null}
	 * @param next when the next renewal or attempt is due, or {@code null} before the
	 * first check
	 */
	record State(ServedCertificate served, int failures, @Nullable String lastError, @Nullable Instant next) {
	}

}
