package org.cgiserver.cgi;

/**
 * A handler mapping that answers only requests whose paths may run a script
 * ({@link CgiMappings#mayRun}): the CGI handler's, and the WebSocket sessions' under their
 * prefixes. The document root's requests that go around the dispatcher are told apart
 * from them by that rule, so such a mapping keeps none of them on the dispatcher.
 */
public interface ScriptRequestMapping {

}
