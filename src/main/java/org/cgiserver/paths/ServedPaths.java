package org.cgiserver.paths;

import java.util.List;

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

}
