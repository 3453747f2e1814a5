package org.cgiserver.paths;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The decoded, normalized path of a request, as the servlet container mapped it (also
 * right for forwarded requests).
 */
public final class RequestPaths {

	private RequestPaths() {
	}

	/**
	 * Returns the decoded path within the application.
	 * @param request the request
	 * @return the path, starting with a slash
	 */
	public static String decodedPath(HttpServletRequest request) {
		String servletPath = request.getServletPath();
		String pathInfo = request.getPathInfo();
		String path = (pathInfo != null) ? servletPath + pathInfo : servletPath;
		return path.isEmpty() ? "/" : path;
	}

}
