package org.cgiserver.tls;

import java.net.InetAddress;
import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import org.apache.catalina.connector.Connector;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import org.cgiserver.config.InvalidConfigurationException;
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

	/** max-age with the optional directives of RFC 6797, nothing that could split a header. */
	private static final Pattern HSTS = Pattern
		.compile("(?i)max-age=\\d+(\\s*;\\s*(includeSubDomains|preload))*");

	@Bean
	FilterRegistrationBean<PlainHttpRedirect> plainHttpRedirect(TlsProperties tls, ServerProperties server,
			ObjectProvider<AcmeChallenges> challenges, Environment environment) {
		boolean https = tls.getAcme().getDirectory() != null || Ssl.isEnabled(server.getSsl());
		Integer httpPort = tls.getHttpPort();
		if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
			throw new InvalidConfigurationException("cgi.tls.http-port", httpPort, "not a TCP port");
		}
		if (httpPort != null && !https) {
			throw new InvalidConfigurationException("cgi.tls.http-port", httpPort,
					"plain HTTP beside HTTPS needs HTTPS on server.port: set cgi.tls.acme.directory or server.ssl.*");
		}
		String hsts = tls.getHsts().trim();
		if (!hsts.isEmpty() && !HSTS.matcher(hsts).matches()) {
			throw new InvalidConfigurationException("cgi.tls.hsts", hsts,
					"it must be a Strict-Transport-Security value such as max-age=31536000; includeSubDomains (or empty)");
		}
		int configuredPort = (server.getPort() != null) ? server.getPort() : 8080;
		PlainHttpRedirect filter = new PlainHttpRedirect(challenges.getIfAvailable(),
				() -> environment.getProperty("local.server.port", Integer.class, configuredPort), httpPort != null,
				hsts);
		FilterRegistrationBean<PlainHttpRedirect> registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(https);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainHttpConnector(TlsProperties tls,
			ServerProperties server) {
		return (factory) -> {
			Integer port = tls.getHttpPort();
			if (port == null) {
				return;
			}
			Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
			connector.setPort(port);
			connector.setScheme("http");
			connector.setSecure(false);
			InetAddress address = server.getAddress();
			if (address != null) {
				connector.setProperty("address", address.getHostAddress());
			}
			factory.addAdditionalConnectors(connector);
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "cgi.tls.acme", name = "directory")
	static class AcmeConfiguration {

		@Bean
		AcmeChallenges acmeChallenges() {
			return new AcmeChallenges();
		}

		@Bean
		AcmeCertificates acmeCertificates(TlsProperties tls, ServerProperties server, AcmeChallenges challenges) {
			AcmeSettings settings = AcmeSettings.of(tls);
			// acme4j signs and reads keys with Bouncy Castle; appended last, the JDK's
			// providers keep serving TLS.
			if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
				Security.addProvider(new BouncyCastleProvider());
			}
			if (Ssl.isEnabled(server.getSsl())) {
				throw new InvalidConfigurationException("cgi.tls.acme.directory", settings.directory(),
						"server.ssl.* is set too; ACME serves its own certificate on server.port: remove one of them");
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
					Gauge.builder("cgi.tls.certificate.expiry", certificates,
							(keeper) -> Duration.between(Instant.now(), keeper.state().served().notAfter()).toSeconds())
						.description("Seconds until the served HTTPS certificate expires")
						.baseUnit("seconds")
						.tag("domain", domain)
						.register(registry);
				}
			};
		}

	}

}
