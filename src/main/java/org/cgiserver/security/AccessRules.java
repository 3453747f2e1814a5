package org.cgiserver.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.cgiserver.paths.ServedPath;
import org.cgiserver.paths.ServedPaths;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;

/**
 * The access rules in their order. A request is judged by its URL and, when it runs a
 * script, by the script's URL too (its SCRIPT_NAME): the first rule that covers either
 * decides, so a rule naming a script holds whatever PATH_INFO follows, while a rule for
 * a part of it listed before still opens that part. When the file served (or run) is
 * also named by other URLs, through a symbolic link or a second prefix on its folder,
 * the rule deciding each of them must let the request pass too, so that no URL serves a
 * file without the login of the rule that protects it. A request no rule covers is
 * public.
 *
 * <p>Rules match the decoded, normalized path that the container mapped, the same path
 * the static and CGI handlers resolve: an encoded or doubled slash, a {@code ;param} or
 * a dot segment cannot make a request look public to the rules and private to the
 * handlers. On a local redirect (a forward) it is the new path.
 */
final class AccessRules {

	/** The path is decoded already: segments are taken as they are. */
	private static final PathContainer.Options DECODED = PathContainer.Options.create('/', false);

	private final List<AccessRule> rules;

	private final ServedPaths served;

	/**
	 * Rules that judge URLs only, as the server's own rules do.
	 * @param rules the rules in order
	 */
	AccessRules(List<AccessRule> rules) {
		this(rules, List.of(), ServedPaths.URL_ONLY);
	}

	/**
	 * The operator's rules, then the server's own.
	 * @param operatorRules the operator's rules, in order
	 * @param builtInRules the rules for the server's own pages, which are never scripts
	 * nor files
	 * @param served what a request path serves; asked only when one of the operator's
	 * rules can keep someone out, so that a server without such rules does no work on the
	 * file system for them
	 */
	AccessRules(List<AccessRule> operatorRules, List<AccessRule> builtInRules, ServedPaths served) {
		List<AccessRule> all = new ArrayList<>(operatorRules);
		all.addAll(builtInRules);
		this.rules = List.copyOf(all);
		this.served = operatorRules.stream().anyMatch(AccessRule::restricts) ? served : ServedPaths.URL_ONLY;
	}

	boolean isEmpty() {
		return this.rules.isEmpty();
	}

	List<AccessRule> all() {
		return this.rules;
	}

	/**
	 * The rule that decides one URL.
	 * @param method the request method
	 * @param path a URL path the request serves, with the script it runs
	 * @return the first rule that covers the path or its script, or {@code null} when
	 * none does
	 */
	@Nullable AccessRule decide(String method, ServedPath path) {
		PathContainer url = PathContainer.parsePath(path.path(), DECODED);
		PathContainer script = (path.scriptName() != null) ? PathContainer.parsePath(path.scriptName(), DECODED) : null;
		for (AccessRule rule : this.rules) {
			if (rule.covers(method, url) || (script != null && rule.covers(method, script))) {
				return rule;
			}
		}
		return null;
	}

	/**
	 * The rules that judge a request.
	 * @param method the request method
	 * @param paths the URL paths it serves, see {@link ServedPaths}
	 * @return the rules deciding each path
	 */
	AccessDecision decide(String method, List<ServedPath> paths) {
		List<AccessRule> deciding = new ArrayList<>(paths.size());
		for (ServedPath path : paths) {
			AccessRule rule = decide(method, path);
			if (rule != null && !deciding.contains(rule)) {
				deciding.add(rule);
			}
		}
		return deciding.isEmpty() ? AccessDecision.PUBLIC : new AccessDecision(deciding);
	}

	AccessDecision decide(HttpServletRequest request) {
		if (this.rules.isEmpty()) {
			return AccessDecision.PUBLIC;
		}
		return decide(request.getMethod(), this.served.of(request));
	}

}
