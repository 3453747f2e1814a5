package org.cgiserver.ratelimit;

import java.util.List;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.cgiserver.config.RateLimitProperties;
import org.cgiserver.paths.ServedPaths;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Rate limits per client address, as a filter of their own.
 *
 * <p>The filter comes right after Spring Security's: a client that the access rules keep
 * out is answered by them (401, 403, or 429 for too many failed logins) as without rate
 * limits, and spends none of its allowance; what a limit guards is the work of scripts and
 * files. Without limits the filter is not registered at all.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitProperties properties, ServedPaths served,
			MeterRegistry registry) {
		List<RateLimit> limits = RateLimitSettings.rules(properties).stream().map((rule) -> limit(rule, registry)).toList();
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(limits, served));
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		registration.setEnabled(!limits.isEmpty());
		return registration;
	}

	private static RateLimit limit(RateLimitRule rule, MeterRegistry registry) {
		ClientBuckets clients = new ClientBuckets(rule, TimeMeter.SYSTEM_NANOTIME, ClientBuckets.MAX_TRACKED);
		return new RateLimit(rule, clients, refused(registry, rule));
	}

	/** At zero from the start: Prometheus's rate() sees no increase in a series' first sample. */
	private static Counter refused(MeterRegistry registry, RateLimitRule rule) {
		return Counter.builder("cgi.rate.limited")
			.description("Requests answered 429 by a rate limit of cgi.rate-limits, by the limit's path")
			.tag("path", rule.path())
			.register(registry);
	}

}
