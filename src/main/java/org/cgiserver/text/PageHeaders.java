package org.cgiserver.text;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers of the HTML pages the server writes itself (folder listings, the built-in
 * error pages): those pages show names and paths that clients and file owners chose, so
 * they run no script, load nothing, submit no form and are never framed, even if some of
 * that text ever got past the escaping.
 */
public final class PageHeaders {

	/**
	 * The status page's policy without what its own script needs: nothing is allowed.
	 * Links are navigations, which a policy does not restrict.
	 */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; "
			+ "frame-ancestors 'none'";

	private PageHeaders() {
	}

	/**
	 * Sets the headers on a page's response, before its body.
	 * @param response the response
	 */
	public static void apply(HttpServletResponse response) {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
	}

}
