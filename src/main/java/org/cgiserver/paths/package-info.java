/**
 * Request paths and the folders they resolve in, confined to those folders; shared by static files and CGI.
 */
@NullMarked
package org.cgiserver.paths;

import org.jspecify.annotations.NullMarked;
