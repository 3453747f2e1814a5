package org.cgiserver.config;

/**
 * Where the access log's lines go.
 */
public enum AccessLogOutput {

	/** The server's own log, each line behind its pattern (time, level, logger). */
	LOG,

	/** Standard output, bare: one line as the format writes it, nothing before it. */
	STDOUT,

	/** A file of its own, bare lines, rotated as the server's own log file is. */
	FILE

}
