package org.cgiserver.security;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Health details (the document root's path, the disk) only for clients the actuator
 * trusts: loopback, {@code cgi.auth.actuator-allow-from}, and users who logged in.
 * Everyone else, a load balancer or a stranger, gets the status alone.
 */
final class HealthDetailsForTrustedClients implements HealthEndpointGroupsPostProcessor {

	private final ClientAddresses trusted;

	HealthDetailsForTrustedClients(ClientAddresses trusted) {
		this.trusted = trusted;
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		Map<String, HealthEndpointGroup> named = groups.getNames()
			.stream()
			.collect(Collectors.toMap(Function.identity(), (name) -> new Guarded(groups.get(name))));
		return HealthEndpointGroups.of(new Guarded(groups.getPrimary()), named);
	}

	private boolean isTrusted(SecurityContext context) {
		if (context.getPrincipal() != null) {
			return true;
		}
		// The health endpoint answers on the request's thread.
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return true;
		}
		HttpServletRequest request = servlet.getRequest();
		return this.trusted.admit(request);
	}

	private final class Guarded implements HealthEndpointGroup {

		private final HealthEndpointGroup group;

		Guarded(HealthEndpointGroup group) {
			this.group = group;
		}

		@Override
		public boolean isMember(String name) {
			return this.group.isMember(name);
		}

		@Override
		public boolean showComponents(SecurityContext context) {
			return this.group.showComponents(context) && isTrusted(context);
		}

		@Override
		public boolean showDetails(SecurityContext context) {
			return this.group.showDetails(context) && isTrusted(context);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.group.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.group.getHttpCodeStatusMapper();
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return this.group.getAdditionalPath();
		}

	}

}
