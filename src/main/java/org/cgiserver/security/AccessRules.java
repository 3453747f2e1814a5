package org.cgiserver.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.cgiserver.paths.RequestPaths;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;

/**
 * The access rules in their order: the first rule that covers a request decides, and a
 * request that no rule covers is public.
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

	AccessRules(List<AccessRule> rules) {
		this.rules = List.copyOf(rules);
	}

	boolean isEmpty() {
		return this.rules.isEmpty();
	}

	List<AccessRule> all() {
		return this.rules;
	}

	/**
	 * The rule that decides a request.
	 * @param method the request method
	 * @param decodedPath the decoded path within the application
	 * @return the first rule that covers it, or {@code null} when the request is public
	 */
	@Nullable AccessRule decide(String method, String decodedPath) {
		if (this.rules.isEmpty()) {
			return null;
		}
		PathContainer path = PathContainer.parsePath(decodedPath, DECODED);
		for (AccessRule rule : this.rules) {
			if (rule.covers(method, path)) {
				return rule;
			}
		}
		return null;
	}

	@Nullable AccessRule decide(HttpServletRequest request) {
		return this.rules.isEmpty() ? null : decide(request.getMethod(), RequestPaths.decodedPath(request));
	}

}
