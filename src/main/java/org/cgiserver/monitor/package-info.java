/**
 * Watching script runs: the {@code cgi} actuator endpoint, metrics, health, info, the access log
 * and the live status page.
 */
@NullMarked
package org.cgiserver.monitor;

import org.jspecify.annotations.NullMarked;
