package org.cgiserver.cgi;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Builds a script's environment (RFC 3875 section 4.1 plus the usual extensions) from
 * the request: a pure function, so every rule is unit-tested.
 *
 * <p>Order of precedence, lowest first: variables passed from the server's environment,
 * request headers as {@code HTTP_*}, the server's defaults, configured variables
 * ({@code cgi.env}, then the prefix's), and finally the server-computed meta-variables,
 * which nothing can override.
 */
public final class CgiEnvironment {

	private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

	/** Headers never passed as HTTP_* variables. */
	private static final Set<String> WITHHELD = Set.of("proxy", "content-type", "content-length");

	private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization");

	/**
	 * Variables every script gets unless configured otherwise; an empty configured value
	 * removes one. php-cgi runs nothing without {@code REDIRECT_STATUS} (its
	 * {@code cgi.force_redirect}, a guard for servers that expose php-cgi itself as a
	 * script), so lighttpd sets it for every CGI request, and so does this server.
	 */
	private static final Map<String, String> DEFAULTS = Map.of("REDIRECT_STATUS", "200");

	private final Map<String, String> inherited;

	private final Map<String, String> configured;

	private final boolean passAuthorization;

	private final String serverSoftware;

	private final Path documentRoot;

	/**
	 * @param inherited the variables taken from the server's own environment
	 * @param configured the variables of {@code cgi.env}
	 * @param passAuthorization whether credentials headers are passed
	 * @param serverSoftware the SERVER_SOFTWARE value
	 * @param documentRoot the real path of the document root
	 */
	public CgiEnvironment(Map<String, String> inherited, Map<String, String> configured, boolean passAuthorization,
			String serverSoftware, Path documentRoot) {
		this.inherited = Map.copyOf(inherited);
		this.configured = Map.copyOf(configured);
		this.passAuthorization = passAuthorization;
		this.serverSoftware = serverSoftware;
		this.documentRoot = documentRoot;
	}

	/**
	 * Picks the variables to pass on from the server's environment.
	 * @param names the names to pass
	 * @param serverEnvironment the server's environment
	 * @return the variables that are set
	 */
	public static Map<String, String> inherit(List<String> names, Map<String, String> serverEnvironment) {
		Map<String, String> inherited = new HashMap<>();
		for (String name : names) {
			String value = serverEnvironment.get(name);
			if (value != null) {
				inherited.put(name, value);
			}
		}
		inherited.putIfAbsent("PATH", DEFAULT_PATH);
		return inherited;
	}

	/**
	 * Builds the environment of one run.
	 * @param request the request
	 * @param script the script
	 * @param contentLength the body's length, or -1 (or 0) when the request has no body
	 * @return the complete environment
	 */
	public Map<String, String> build(CgiRequest request, Script script, long contentLength) {
		Map<String, String> env = new LinkedHashMap<>(64);
		env.putAll(this.inherited);
		addHeaders(request.headers(), env);
		env.putAll(DEFAULTS);
		env.putAll(this.configured);
		env.putAll(script.env());
		DEFAULTS.keySet().forEach((name) -> env.remove(name, ""));
		env.put("GATEWAY_INTERFACE", "CGI/1.1");
		env.put("SERVER_SOFTWARE", this.serverSoftware);
		env.put("SERVER_PROTOCOL", request.protocol());
		env.put("SERVER_NAME", request.serverName());
		env.put("SERVER_PORT", Integer.toString(request.serverPort()));
		env.put("SERVER_ADDR", request.serverAddress());
		env.put("REQUEST_METHOD", request.method());
		env.put("REQUEST_SCHEME", request.scheme());
		String query = request.queryString();
		env.put("QUERY_STRING", query);
		env.put("REQUEST_URI", query.isEmpty() ? request.requestUri() : request.requestUri() + "?" + query);
		env.put("SCRIPT_NAME", script.scriptName());
		env.put("SCRIPT_FILENAME", script.file().toString());
		env.put("DOCUMENT_ROOT", this.documentRoot.toString());
		env.put("REMOTE_ADDR", request.remoteAddress());
		env.put("REMOTE_HOST", request.remoteAddress());
		env.put("REMOTE_PORT", Integer.toString(request.remotePort()));
		putOrRemove(env, "PATH_INFO", script.pathInfo().isEmpty() ? null : script.pathInfo());
		putOrRemove(env, "PATH_TRANSLATED",
				script.pathInfo().isEmpty() ? null : this.documentRoot + script.pathInfo());
		putOrRemove(env, "HTTPS", request.secure() ? "on" : null);
		putOrRemove(env, "AUTH_TYPE", request.authType());
		putOrRemove(env, "REMOTE_USER", request.remoteUser());
		// As Go's net/http/cgi: an empty body is no body.
		putOrRemove(env, "CONTENT_LENGTH", (contentLength > 0) ? Long.toString(contentLength) : null);
		putOrRemove(env, "CONTENT_TYPE", request.contentType());
		return env;
	}

	private void addHeaders(Map<String, List<String>> headers, Map<String, String> env) {
		headers.forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (values.isEmpty() || !isPlainName(name) || WITHHELD.contains(lower)
					|| (!this.passAuthorization && CREDENTIALS.contains(lower))) {
				return;
			}
			String variable = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
			String separator = lower.equals("cookie") ? "; " : ", ";
			String value = String.join(separator, values);
			// Two spellings of one name (Accept, accept) are merged as repeats.
			env.merge(variable, value, (earlier, later) -> earlier + separator + later);
		});
	}

	/** Only letters, digits and '-': so that 'X_Foo' cannot pass for 'X-Foo'. */
	private static boolean isPlainName(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
				return false;
			}
		}
		return true;
	}

	private static void putOrRemove(Map<String, String> env, String name, @Nullable String value) {
		if (value != null) {
			env.put(name, value);
		}
		else {
			env.remove(name);
		}
	}

}
