package org.cgiserver.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.cgiserver.paths.RequestPaths;
import org.cgiserver.text.LogText;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Plain HTTP beside HTTPS serves ACME http-01 challenges and redirects, nothing else:
 * a pending challenge is answered from memory, another challenge path from the document
 * root (certbot's webroot), and every other plain request gets {@code 308} to its clean
 * path on HTTPS (see {@link PlainHttpAnswer}). No login is asked for or checked over plain
 * HTTP. HTTPS answers carry Strict-Transport-Security unless their script sent its own.
 */
final class PlainHttpRedirect extends OncePerRequestFilter {

	private static final String HSTS = "Strict-Transport-Security";

	private final @Nullable AcmeChallenges challenges;

	private final List<String> hosts;

	private final IntSupplier httpsPort;

	private final boolean redirect;

	private final String hsts;

	/**
	 * @param challenges the pending ACME challenges, or {@code null} without ACME
	 * @param hosts the names redirects may go to (the certificate's), the first for any
	 * other; empty: the name the client asked for
	 * @param httpsPort the port clients reach HTTPS on
	 * @param redirect whether plain HTTP requests are redirected
	 * @param hsts the Strict-Transport-Security value, empty for none
	 */
	PlainHttpRedirect(@Nullable AcmeChallenges challenges, List<String> hosts, IntSupplier httpsPort, boolean redirect,
			String hsts) {
		this.challenges = challenges;
		this.hosts = List.copyOf(hosts);
		this.httpsPort = httpsPort;
		this.redirect = redirect;
		this.hsts = hsts;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.isSecure()) {
			chain.doFilter(request, this.hsts.isEmpty() ? response : new HstsResponse(response, HSTS, this.hsts));
			return;
		}
		if (!this.redirect) {
			chain.doFilter(request, response);
			return;
		}
		PlainHttpAnswer answer = PlainHttpAnswer.of(request.getMethod(), request.getRequestURI(),
				request.getContextPath(), RequestPaths.decodedPath(request));
		switch (answer.kind()) {
			case CHALLENGE -> challenge(answer.target(), request, response, chain);
			case REDIRECT -> redirect(response, httpsUrl(request, answer.target()));
			case REFUSE -> {
				logger.debug("Refused plain HTTP request for " + LogText.quoted(request.getRequestURI(), 200)
						+ ": its path has no clean form to send to HTTPS");
				response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The path cannot be sent to HTTPS");
			}
		}
	}

	/**
	 * Answers a pending challenge from memory, else from the document root (certbot's
	 * webroot) as HTTPS would serve it, but without a login: the credentials a client sent
	 * are not looked at, and a path that needs a login goes to HTTPS.
	 */
	private void challenge(String token, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		String answer = (this.challenges != null) ? this.challenges.answer(token) : null;
		if (answer != null) {
			byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
			response.setContentType("text/plain");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			return;
		}
		String httpsUrl = httpsUrl(request, request.getRequestURI());
		chain.doFilter(new CredentialsHidden(request), new LoginSentToHttps(response, httpsUrl));
	}

	/** {@code 308}, so that a client keeps its method and body on HTTPS. */
	static void redirect(HttpServletResponse response, String url) {
		response.setStatus(308);
		response.setHeader(HttpHeaders.LOCATION, url);
		response.setContentLength(0);
	}

	private String httpsUrl(HttpServletRequest request, String path) {
		String host = host(request.getServerName());
		if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
			host = "[" + host + "]";
		}
		int port = this.httpsPort.getAsInt();
		StringBuilder url = new StringBuilder("https://").append(host);
		if (port != 443) {
			url.append(':').append(port);
		}
		url.append(path);
		if (request.getQueryString() != null) {
			url.append('?').append(request.getQueryString());
		}
		return url.toString();
	}

	/**
	 * The name to redirect to: never one the certificate does not cover, so that a forged
	 * {@code Host} cannot send clients elsewhere.
	 */
	private String host(String asked) {
		if (this.hosts.isEmpty()) {
			return asked;
		}
		String name = asked.toLowerCase(Locale.ROOT);
		return this.hosts.contains(name) ? name : this.hosts.get(0);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return true;
	}

}
