/**
 * cgiserver: a static file and CGI/1.1 server on Spring Boot.
 */
@NullMarked
package org.cgiserver;

import org.jspecify.annotations.NullMarked;
