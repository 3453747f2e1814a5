/**
 * The CGI engine: which script a request names, its environment, its run and the response made of its output.
 */
@NullMarked
package org.cgiserver.cgi;

import org.jspecify.annotations.NullMarked;
