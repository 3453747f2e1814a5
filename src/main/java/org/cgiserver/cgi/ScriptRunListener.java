package org.cgiserver.cgi;

/**
 * Told of every finished script run (the last step of a request's flow).
 */
@FunctionalInterface
public interface ScriptRunListener {

	/**
	 * Records a run; called once per run, possibly after the response is complete.
	 * @param run the run
	 */
	void onRun(ScriptRun run);

}
