package org.cgiserver.cgi;

/**
 * Told of every script run (the last step of a request's flow).
 */
public interface ScriptRunListener {

	/**
	 * Told when a script has started; every start is followed by one {@link #onRun}.
	 * @param scriptName the script's URL path
	 */
	default void onStart(String scriptName) {
	}

	/**
	 * Records a run; called once per run, possibly after the response is complete.
	 * @param run the run
	 */
	void onRun(ScriptRun run);

}
