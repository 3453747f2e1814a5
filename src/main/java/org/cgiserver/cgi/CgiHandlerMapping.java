package org.cgiserver.cgi;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.cgiserver.paths.RequestPaths;

import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Sends requests under a CGI prefix, or for a file with a CGI extension, to the
 * {@link CgiController}, with the lookup result as a request attribute. Matching is done
 * on the decoded, normalized path, by whole segments.
 */
final class CgiHandlerMapping extends AbstractHandlerMapping implements ScriptRequestMapping {

	private final ScriptResolver resolver;

	private final CgiController controller;

	CgiHandlerMapping(ScriptResolver resolver, CgiController controller) {
		this.resolver = resolver;
		this.controller = controller;
	}

	@Override
	protected @Nullable Object getHandlerInternal(HttpServletRequest request) {
		ScriptLookup lookup = this.resolver.resolve(RequestPaths.decodedPath(request));
		if (lookup == null) {
			return null;
		}
		request.setAttribute(CgiController.LOOKUP_ATTRIBUTE, lookup);
		return this.controller;
	}

}
