package org.cgiserver.paths;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Request paths: every part of the application matches the path the container normalized.
 */
@Configuration(proxyBeanMethods = false)
class PathsConfiguration {

	@Bean
	FilterRegistrationBean<CleanPathFilter> cleanPathFilter() {
		FilterRegistrationBean<CleanPathFilter> registration = new FilterRegistrationBean<>(new CleanPathFilter());
		// After the filters that read the path as sent (ACME challenges), before Spring Security.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
