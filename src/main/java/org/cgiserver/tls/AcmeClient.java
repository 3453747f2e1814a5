package org.cgiserver.tls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * Talks to the CA through acme4j: orders a certificate for the domains, proving each by
 * an http-01 challenge, and asks for renewal information (RFC 9773) where the CA offers
 * it.
 */
final class AcmeClient {

	private static final Duration VALIDATION_WAIT = Duration.ofMinutes(2);

	private final AcmeSettings settings;

	private final AcmeChallenges challenges;

	AcmeClient(AcmeSettings settings, AcmeChallenges challenges) {
		this.settings = settings;
		this.challenges = challenges;
	}

	/**
	 * Orders a new certificate.
	 * @param accountKey the account's key
	 * @param replacing the certificate it replaces, told to a CA that offers renewal
	 * information
	 * @return the certificate and its new key
	 * @throws AcmeException if the CA refuses or a challenge fails
	 * @throws InterruptedException if the server is stopping
	 */
	ServedCertificate order(KeyPair accountKey, @Nullable ServedCertificate replacing)
			throws AcmeException, InterruptedException {
		Session session = session();
		Login login = login(session, accountKey);
		OrderBuilder builder = login.newOrder().domains(this.settings.domains());
		if (replacing != null && !replacing.temporary() && offersRenewalInfo(session)) {
			builder.replaces(replacing.certificate());
		}
		Order order = builder.create();
		for (Authorization authorization : order.getAuthorizations()) {
			if (authorization.getStatus() != Status.VALID) {
				prove(authorization);
			}
		}
		KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
		order.execute(key);
		Status status = order.waitForCompletion(VALIDATION_WAIT);
		if (status != Status.VALID) {
			throw new AcmeException("the order ended " + status.name().toLowerCase() + problem(order.getError().orElse(null)));
		}
		return new ServedCertificate(key, order.getCertificate().getCertificateChain(), false);
	}

	/**
	 * The CA's suggested renewal window for a certificate.
	 * @param accountKey the account's key
	 * @param certificate the certificate
	 * @return the window, or {@code null} when the CA offers no renewal information
	 * @throws AcmeException if the CA cannot be asked
	 */
	RenewalSchedule.@Nullable Window renewalWindow(KeyPair accountKey, X509Certificate certificate)
			throws AcmeException {
		Session session = session();
		if (!offersRenewalInfo(session)) {
			return null;
		}
		RenewalInfo info = login(session, accountKey).bindRenewalInfo(certificate);
		Instant start = info.getSuggestedWindowStart();
		Instant end = info.getSuggestedWindowEnd();
		return new RenewalSchedule.Window(start, end);
	}

	private void prove(Authorization authorization) throws AcmeException, InterruptedException {
		String domain = authorization.getIdentifier().getValue();
		Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class)
			.orElseThrow(() -> new AcmeException("the CA offers no http-01 challenge for " + domain));
		this.challenges.publish(challenge.getToken(), challenge.getAuthorization());
		try {
			challenge.trigger();
			Status status = challenge.waitForCompletion(VALIDATION_WAIT);
			if (status != Status.VALID) {
				throw new AcmeException("the http-01 challenge for " + domain + " failed"
						+ problem(challenge.getError().orElse(null)));
			}
		}
		finally {
			this.challenges.withdraw(challenge.getToken());
		}
	}

	private static String problem(@Nullable Problem problem) {
		return (problem != null) ? ": " + problem : "";
	}

	private Login login(Session session, KeyPair accountKey) throws AcmeException {
		AccountBuilder account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
		if (this.settings.email() != null) {
			account.addEmail(this.settings.email());
		}
		return account.createLogin(session);
	}

	private static boolean offersRenewalInfo(Session session) throws AcmeException {
		return session.resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
	}

	private Session session() {
		URI directory = this.settings.directory();
		if (this.settings.trusted().isEmpty()) {
			return new Session(directory);
		}
		return new Session(directory, new TrustingProvider(this.settings.trusted()));
	}

	/** The generic provider, checking the CA's HTTPS against the configured certificates. */
	private static final class TrustingProvider extends GenericAcmeProvider {

		private final List<X509Certificate> trusted;

		TrustingProvider(List<X509Certificate> trusted) {
			this.trusted = trusted;
		}

		@Override
		public HttpClient createHttpClient(NetworkSettings settings) {
			HttpClient.Builder builder = HttpClient.newBuilder()
				.followRedirects(HttpClient.Redirect.NORMAL)
				.connectTimeout(settings.getTimeout())
				.proxy(settings.getProxySelector())
				.sslContext(sslContext());
			if (settings.getAuthenticator() != null) {
				builder.authenticator(settings.getAuthenticator());
			}
			return builder.build();
		}

		private SSLContext sslContext() {
			try {
				KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
				store.load(null, null);
				for (int i = 0; i < this.trusted.size(); i++) {
					store.setCertificateEntry("ca-" + i, this.trusted.get(i));
				}
				TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				trust.init(store);
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(null, trust.getTrustManagers(), null);
				return context;
			}
			catch (GeneralSecurityException | IOException ex) {
				throw new IllegalStateException("The trusted CA certificates cannot be used: " + ex.getMessage(), ex);
			}
		}

	}

}
