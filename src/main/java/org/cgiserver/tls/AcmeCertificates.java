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

	/** Whether the stored certificate is replaced at once, whatever its expiry. */
	private volatile boolean renewAtOnce;

	AcmeCertificates(AcmeSettings settings, AcmeStorage storage, AcmeClient client, Clock clock) {
		this.settings = settings;
		this.storage = storage;
		this.client = client;
		this.clock = clock;
		ServedCertificate stored = storage.certificate();
		if (stored != null && !stored.expiredAt(clock.instant())) {
			this.served = stored;
			// A certificate from another CA (staging before production) or for fewer
			// names is served until its successor arrives, which is ordered at once.
			this.renewAtOnce = !stored.covers(settings.domains())
					|| !settings.directory().equals(storage.certificateDirectory());
			logger.info("HTTPS for {} with the stored certificate, valid until {}{}", settings.domains(),
					stored.notAfter(), this.renewAtOnce ? ", until one from " + settings.directory()
							+ " for every domain arrives" : "");
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

	/**
	 * The time left until the served certificate expires.
	 * @return the time, negative once expired
	 */
	Duration expiresIn() {
		return Duration.between(this.clock.instant(), this.served.notAfter());
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

	/** Runs on the keeper's thread; whatever happens, the next check is scheduled. */
	private void check() {
		Duration pause;
		try {
			pause = renewIfDue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (Exception | LinkageError ex) {
			pause = failed(ex);
		}
		schedule(pause);
	}

	private Duration renewIfDue() throws Exception {
		ServedCertificate current = this.served;
		Instant now = this.clock.instant();
		Instant due = this.renewAtOnce ? Instant.EPOCH
				: RenewalSchedule.due(current, window(current), this.windowPosition);
		if (now.isBefore(due)) {
			this.state = new State(current, 0, this.state.lastError(), due);
			return RenewalSchedule.sleep(due, now);
		}
		ServedCertificate obtained = this.client.order(this.storage.accountKey(), current);
		SslBundleRegistry registry = this.registry;
		if (registry != null) {
			registry.updateBundle(BUNDLE, obtained.toBundle());
		}
		this.served = obtained;
		this.renewAtOnce = false;
		store(obtained);
		Instant next = RenewalSchedule.due(obtained, null, this.windowPosition);
		this.state = new State(obtained, 0, null, next);
		logger.info("HTTPS for {}: new certificate from {} served, valid until {}", this.settings.domains(),
				this.settings.directory(), obtained.notAfter());
		return RenewalSchedule.sleep(next, this.clock.instant());
	}

	/** A certificate that is served but not stored still works; a restart orders a new one. */
	private void store(ServedCertificate obtained) {
		try {
			this.storage.store(obtained, this.settings.directory());
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("HTTPS for {}: the new certificate is served but cannot be stored in {} ({}); a restart "
					+ "will order another", this.settings.domains(), this.settings.storage(), ex.getMessage());
		}
	}

	private Duration failed(Throwable ex) {
		ServedCertificate current = this.served;
		int failures = this.state.failures() + 1;
		Duration retry = RenewalSchedule.retry(failures);
		String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.toString();
		this.state = new State(current, failures, reason, this.clock.instant().plus(retry));
		logger.error("HTTPS for {}: no certificate from {} (attempt {}): {}; next attempt in {}; still serving {}",
				this.settings.domains(), this.settings.directory(), failures, reason, retry,
				current.temporary() ? "the temporary certificate" : "the certificate valid until " + current.notAfter());
		return retry;
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
