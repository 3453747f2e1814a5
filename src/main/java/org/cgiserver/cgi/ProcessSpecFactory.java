package org.cgiserver.cgi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.ProcessSpec;

/**
 * What to run for a script and a request: the command (interpreter, script and RFC 3875
 * 4.4 arguments), the environment, the working folder and the limits.
 */
public final class ProcessSpecFactory {

	private final CgiEnvironment environment;

	private final boolean commandLineArguments;

	private final @Nullable Duration idleTimeout;

	/**
	 * @param environment builds the scripts' environment
	 * @param commandLineArguments whether a GET query without {@code =} becomes arguments
	 * @param idleTimeout the limit on time without output, or {@code null}
	 */
	ProcessSpecFactory(CgiEnvironment environment, boolean commandLineArguments, @Nullable Duration idleTimeout) {
		this.environment = environment;
		this.commandLineArguments = commandLineArguments;
		this.idleTimeout = idleTimeout;
	}

	/**
	 * What to run for a request to a script.
	 * @param script the script
	 * @param request the request
	 * @param bodyLength the body's length, or -1 (or 0) when the request has no body
	 * @return the command, environment, folder and limits
	 */
	public ProcessSpec spec(Script script, CgiRequest request, long bodyLength) {
		return new ProcessSpec(script.scriptName(), command(script, request),
				this.environment.build(request, script, bodyLength), script.file().getParent(), script.timeout(),
				this.idleTimeout, script.policy());
	}

	List<String> command(Script script, CgiRequest request) {
		List<String> command = new ArrayList<>(4);
		if (script.interpreter() != null) {
			command.add(script.interpreter());
		}
		command.add(script.file().toString());
		if (this.commandLineArguments && (request.method().equals("GET") || request.method().equals("HEAD"))) {
			command.addAll(SearchArguments.parse(request.queryString()));
		}
		return command;
	}

}
