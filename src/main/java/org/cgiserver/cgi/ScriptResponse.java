package org.cgiserver.cgi;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The header part of a script's output, parsed and checked.
 *
 * @param status the status code from {@code Status:} (or an NPH status line), or 0
 * @param location the {@code Location} value, or {@code null}
 * @param contentType the {@code Content-Type} value, or {@code null}
 * @param contentLength the {@code Content-Length} value, or -1
 * @param headers every other header, in order, hop-by-hop ones left out
 * @param bodyStart the body bytes that were read together with the headers
 * @param upgrade the protocol a 101 switches to, from the script's {@code Upgrade}
 * header, or {@code null} for any other status
 */
public record ScriptResponse(int status, @Nullable String location, @Nullable String contentType, long contentLength,
		List<Header> headers, byte[] bodyStart, @Nullable String upgrade) {

	/**
	 * Whether this is a local redirect: a path-only {@code Location} and nothing else
	 * (RFC 3875 6.2.2).
	 * @return whether the server should answer as if that path had been requested
	 */
	public boolean isLocalRedirect() {
		return this.location != null && this.location.startsWith("/") && !this.location.startsWith("//")
				&& this.status == 0 && this.contentType == null && this.headers.isEmpty();
	}

	/**
	 * One response header.
	 *
	 * @param name the name as the script wrote it
	 * @param value the value, trimmed
	 */
	public record Header(String name, String value) {
	}

}
