package org.cgiserver.config;

/**
 * The form of the access log's lines.
 */
public enum AccessLogFormat {

	/** {@code method=GET path=/x status=200 ... script=/cgi-bin/x outcome=success}. */
	KEY_VALUE,

	/** Apache's combined format, as GoAccess, AWStats and most log tools read it. */
	COMBINED,

	/** One JSON object a line, with the script and its outcome as fields. */
	JSON

}
