package org.cgiserver.tls;

import java.security.Security;
import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import org.cgiserver.config.TlsProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * HTTPS on its own: plain HTTP beside it ({@code cgi.tls.http-port}), HSTS, and
 * certificates from an ACME CA ({@code cgi.tls.acme.*}).
 */
@Configuration(proxyBeanMethods = false)
class TlsConfiguration {

	@Bean
	TlsSettings tlsSettings(TlsProperties properties, ServerProperties server) {
		return TlsSettings.of(properties, server.getSsl());
	}

	@Bean
	FilterRegistrationBean<PlainHttpRedirect> plainHttpRedirect(TlsSettings settings, ServerProperties server,
			ObjectProvider<AcmeSettings> acme, ObjectProvider<AcmeChallenges> challenges, Environment environment) {
		int configuredPort = (server.getPort() != null) ? server.getPort() : 8080;
		Integer redirectPort = settings.redirectPort();
		AcmeSettings acmeSettings = acme.getIfAvailable();
		PlainHttpRedirect filter = new PlainHttpRedirect(challenges.getIfAvailable(),
				(acmeSettings != null) ? acmeSettings.domains() : List.of(),
				() -> (redirectPort != null) ? redirectPort
						: environment.getProperty("local.server.port", Integer.class, configuredPort),
				settings.httpPort() != null, settings.hsts());
		FilterRegistrationBean<PlainHttpRedirect> registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(settings.https());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainHttpConnector(TlsSettings settings,
			ServerProperties server) {
		Integer port = settings.httpPort();
		return (port != null) ? new PlainHttpConnector(port, server.getAddress()) : (factory) -> {
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "cgi.tls.acme", name = "directory")
	static class AcmeConfiguration {

		@Bean
		AcmeSettings acmeSettings(TlsProperties properties, TlsSettings settings) {
			return AcmeSettings.of(properties);
		}

		@Bean
		AcmeChallenges acmeChallenges() {
			return new AcmeChallenges();
		}

		@Bean
		AcmeCertificates acmeCertificates(AcmeSettings settings, AcmeChallenges challenges) {
			// acme4j reads and signs keys with Bouncy Castle, which it finds by name among
			// the JVM's providers; appended last, the JDK's own keep serving TLS.
			if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
				Security.addProvider(new BouncyCastleProvider());
			}
			return new AcmeCertificates(settings, new AcmeStorage(settings.storage()),
					new AcmeClient(settings, challenges), Clock.systemUTC());
		}

		@Bean
		SslBundleRegistrar acmeSslBundle(AcmeCertificates certificates) {
			return certificates::registerWith;
		}

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> acmeHttps(AcmeCertificates certificates) {
			return (factory) -> factory.setSsl(Ssl.forBundle(AcmeCertificates.BUNDLE));
		}

		@Bean
		TlsHealthIndicator tlsHealthIndicator(AcmeCertificates certificates) {
			return new TlsHealthIndicator(certificates, Clock.systemUTC());
		}

		@Bean
		MeterBinder tlsCertificateExpiry(AcmeCertificates certificates) {
			return (registry) -> {
				for (String domain : certificates.domains()) {
					Gauge.builder("cgi.tls.certificate.expiry", certificates, (keeper) -> keeper.expiresIn().toSeconds())
						.description("Seconds until the served HTTPS certificate expires")
						.baseUnit("seconds")
						.tag("domain", domain)
						.register(registry);
				}
			};
		}

	}

}
