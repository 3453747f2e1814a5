/**
 * Watching script runs: the {@code cgi} actuator endpoint, metrics, health, info and the access log.
 */
@NullMarked
package org.cgiserver.monitor;

import org.jspecify.annotations.NullMarked;
