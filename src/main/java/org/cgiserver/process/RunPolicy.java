package org.cgiserver.process;

import org.jspecify.annotations.Nullable;

/**
 * Who a prefix's scripts run as and how their processes are kept together, where the
 * prefix says otherwise than the server-wide settings ({@code cgi.run-as},
 * {@code cgi.isolation.processes}).
 *
 * @param runAs the user, or {@code null} for the server-wide one
 * @param processes how a run's processes are kept together, or {@code null} for the
 * server-wide way
 */
public record RunPolicy(@Nullable String runAs, RunContainment.@Nullable Mode processes) {

	/** The server-wide settings. */
	public static final RunPolicy DEFAULT = new RunPolicy(null, null);

}
