package org.cgiserver.config;

/**
 * Thrown at start when a {@code cgi.*} setting cannot work; turned into one readable
 * message by {@link InvalidConfigurationFailureAnalyzer}.
 */
public final class InvalidConfigurationException extends RuntimeException {

	private final String property;

	private final String value;

	private final String reason;

	public InvalidConfigurationException(String property, Object value, String reason) {
		super("Invalid value '" + value + "' for " + property + ": " + reason);
		this.property = property;
		this.value = String.valueOf(value);
		this.reason = reason;
	}

	public String getProperty() {
		return this.property;
	}

	public String getValue() {
		return this.value;
	}

	public String getReason() {
		return this.reason;
	}

}
