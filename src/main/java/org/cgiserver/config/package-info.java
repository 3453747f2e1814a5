/**
 * The {@code cgi.*} settings, the checks they share, and the one readable report of a setting that cannot work.
 */
@NullMarked
package org.cgiserver.config;

import org.jspecify.annotations.NullMarked;
