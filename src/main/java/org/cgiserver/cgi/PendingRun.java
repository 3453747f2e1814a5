package org.cgiserver.cgi;

import java.util.concurrent.CompletableFuture;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The script a request ran and its run to come, kept on the request for those who
 * report on requests after the response (the access log). The run completes when the
 * script has exited, which may be after the response is complete.
 *
 * @param scriptName the script's URL path
 * @param run the run, complete once the script has exited
 */
public record PendingRun(String scriptName, CompletableFuture<ScriptRun> run) {

	private static final String ATTRIBUTE = PendingRun.class.getName();

	/**
	 * The run of a request, if it ran a script.
	 * @param request the request
	 * @return the run, or {@code null} for requests that ran no script
	 */
	public static @Nullable PendingRun of(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof PendingRun pending) ? pending : null;
	}

	void attachTo(ServletRequest request) {
		request.setAttribute(ATTRIBUTE, this);
	}

}
