package org.cgiserver.cgi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an HTTP request that a CGI environment is made of, taken out of the
 * servlet request so that the environment can be built by a pure function.
 *
 * @param method the request method
 * @param protocol the protocol as the request had it, such as {@code HTTP/1.1}
 * @param requestUri the raw request target path (not decoded)
 * @param queryString the raw query string, or an empty string
 * @param headers every request header by its name as sent, values in order
 * @param remoteAddress the client's address
 * @param remotePort the client's port
 * @param serverAddress the address the request was received on
 * @param serverName the host name from the Host header, else the bound name
 * @param serverPort the port from the Host header, else the bound port
 * @param scheme {@code http} or {@code https}
 * @param secure whether the connection is secure
 * @param authType the authentication scheme the server verified, or {@code null}
 * @param remoteUser the user the server authenticated, or {@code null}
 * @param contentType the request's content type, or {@code null}
 */
public record CgiRequest(String method, String protocol, String requestUri, String queryString,
		Map<String, List<String>> headers, String remoteAddress, int remotePort, String serverAddress,
		String serverName, int serverPort, String scheme, boolean secure, @Nullable String authType,
		@Nullable String remoteUser, @Nullable String contentType) {

	/**
	 * Takes the CGI-relevant parts of a servlet request.
	 * @param request the request
	 * @return the parts
	 */
	public static CgiRequest from(HttpServletRequest request) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.computeIfAbsent(name, (key) -> new ArrayList<>()).addAll(Collections.list(request.getHeaders(name)));
		}
		String query = request.getQueryString();
		String remoteUser = request.getRemoteUser();
		// Basic is the one scheme the server verifies; the container itself knows no user.
		String authType = (remoteUser != null) ? "Basic" : null;
		return new CgiRequest(request.getMethod(), request.getProtocol(), request.getRequestURI(),
				(query != null) ? query : "", headers, request.getRemoteAddr(), request.getRemotePort(),
				request.getLocalAddr(), request.getServerName(), request.getServerPort(), request.getScheme(),
				request.isSecure(), authType, remoteUser, request.getContentType());
	}

}
