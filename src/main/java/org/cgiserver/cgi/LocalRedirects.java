package org.cgiserver.cgi;

import java.io.IOException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.paths.RawPaths;

/**
 * Follows a script's local redirect (RFC 3875 6.2.2): answers the request as if the
 * client had asked for the new path with a GET, up to a limit per request.
 */
final class LocalRedirects {

	private static final Logger logger = LoggerFactory.getLogger(LocalRedirects.class);

	private static final String COUNT_ATTRIBUTE = LocalRedirects.class.getName() + ".count";

	private final int limit;

	/**
	 * @param limit the most local redirects one request may follow
	 */
	LocalRedirects(int limit) {
		this.limit = limit;
	}

	void forward(String location, HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		if (!RawPaths.isForwardable(location)) {
			// The container would map its normalized path while Spring MVC matched the path
			// as written, and the access rules judge the former.
			logger.warn("Local redirect to {} refused: its path has doubled slashes, dot segments or encoded separators",
					location);
			response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "The script's local redirect could not be followed");
			return;
		}
		Integer count = (Integer) request.getAttribute(COUNT_ATTRIBUTE);
		int next = (count != null) ? count + 1 : 1;
		RequestDispatcher dispatcher = (next <= this.limit) ? request.getRequestDispatcher(location) : null;
		if (dispatcher == null) {
			logger.warn("Local redirect to {} refused (redirect {} of at most {})", location, next, this.limit);
			response.sendError(HttpServletResponse.SC_BAD_GATEWAY, "The script's local redirect could not be followed");
			return;
		}
		request.setAttribute(COUNT_ATTRIBUTE, next);
		dispatcher.forward(new LocalRedirectRequest(request), response);
	}

}
