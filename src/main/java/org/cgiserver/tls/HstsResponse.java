package org.cgiserver.tls;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response that starts with our Strict-Transport-Security header and lets a script's
 * own replace it (instead of adding a second).
 */
final class HstsResponse extends HttpServletResponseWrapper {

	private final String name;

	private boolean ours = true;

	HstsResponse(HttpServletResponse response, String name, String value) {
		super(response);
		this.name = name;
		response.setHeader(name, value);
	}

	@Override
	public void setHeader(String name, String value) {
		if (this.name.equalsIgnoreCase(name)) {
			this.ours = false;
		}
		super.setHeader(name, value);
	}

	@Override
	public void addHeader(String name, String value) {
		if (this.ours && this.name.equalsIgnoreCase(name)) {
			setHeader(name, value);
			return;
		}
		super.addHeader(name, value);
	}

}
