package org.cgiserver.paths;

import org.jspecify.annotations.Nullable;

/**
 * A URL path that names what a request serves, for the access rules.
 *
 * @param path the decoded, clean URL path
 * @param scriptName the URL path of the script it runs (its SCRIPT_NAME, without
 * PATH_INFO), or {@code null} when it runs none
 */
public record ServedPath(String path, @Nullable String scriptName) {

}
