package org.cgiserver.paths;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a request path serves, named by URL paths, so that the access rules judge a
 * script or a file whatever URL reaches it: first the request's own path with the script
 * it runs, then every other path that names the same file directly (as the real path of a
 * symbolic link's target lies under the document root or a folder of scripts), with the
 * same PATH_INFO. Found by the same rules the handlers serve by, so that the rules judge
 * what is served, not a guess of it.
 */
@FunctionalInterface
public interface ServedPaths {

	/** The request's own path, running no script: for the server's own pages. */
	ServedPaths URL_ONLY = (decodedPath) -> List.of(new ServedPath(decodedPath, null));

	/**
	 * Finds what a request path serves.
	 * @param decodedPath the decoded, normalized request path
	 * @return the request's own path first, then the others that name the same file
	 */
	List<ServedPath> of(String decodedPath);

	/**
	 * Finds what a request serves, once for everyone who asks about the same request (the
	 * access rules' filter chains, the rate limits): the answer is kept on the request for
	 * its path, so that a forward (a local redirect), which has a path of its own, is
	 * looked up again.
	 * @param request the request
	 * @return the request's own path first, then the others that name the same file
	 */
	default List<ServedPath> of(HttpServletRequest request) {
		String path = RequestPaths.decodedPath(request);
		if (request.getAttribute(Known.ATTRIBUTE) instanceof Known known && known.source() == this
				&& known.path().equals(path)) {
			return known.paths();
		}
		List<ServedPath> paths = of(path);
		request.setAttribute(Known.ATTRIBUTE, new Known(this, path, paths));
		return paths;
	}

	/**
	 * What one request path was found to serve, and by which lookup.
	 *
	 * @param source the lookup that found it
	 * @param path the decoded request path
	 * @param paths what it serves
	 */
	record Known(ServedPaths source, String path, List<ServedPath> paths) {

		static final String ATTRIBUTE = ServedPaths.class.getName() + ".known";

	}

}
