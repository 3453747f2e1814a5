package org.cgiserver.cgi;

/**
 * Told of every script run (the last step of a request's flow).
 */
public interface ScriptRunListener {

	/**
	 * Told when a script has started; every start is followed by one {@link #onExit} and
	 * then one {@link #onRun}.
	 * @param start the script and its client
	 */
	default void onStart(ScriptStart start) {
	}

	/**
	 * Told when a started script's process has exited, just before its run is recorded.
	 * @param start what {@link #onStart} was told
	 */
	default void onExit(ScriptStart start) {
	}

	/**
	 * Records a run; called once per run, possibly after the response is complete.
	 * @param run the run
	 */
	void onRun(ScriptRun run);

}
