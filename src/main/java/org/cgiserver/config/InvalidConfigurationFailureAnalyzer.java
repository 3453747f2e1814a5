package org.cgiserver.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidConfigurationException} as a short description naming the
 * property, instead of a stack trace.
 */
final class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
		String description = "The property '%s' has the value '%s', which cannot be used: %s."
			.formatted(cause.getProperty(), cause.getValue(), cause.getReason());
		String action = "Change '%s' (in config/application.yml, on the command line, or as an environment variable)."
			.formatted(cause.getProperty());
		return new FailureAnalysis(description, action, cause);
	}

}
