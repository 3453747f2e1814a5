package org.cgiserver.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The live status page, bound from {@code cgi.status-page.*}.
 */
@ConfigurationProperties("cgi.status-page")
public class StatusPageProperties {

	/**
	 * Whether to serve the status page: totals, running scripts, statistics per script
	 * and charts of the last minutes. It is served with the actuator, on the management
	 * port (management.server.port) unless that is the site's port. Only loopback clients
	 * and cgi.auth.actuator-allow-from may open it unless a rule of cgi.auth.rules covers
	 * its path.
	 */
	private boolean enabled = true;

	/**
	 * URL path of the status page; its data is served at the same path plus "/data".
	 */
	private String path = "/cgi-status";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

}
