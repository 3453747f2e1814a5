package org.cgiserver.cgi;

import java.util.List;

/**
 * Tells several listeners, in order.
 */
final class CompositeScriptRunListener implements ScriptRunListener {

	private final List<ScriptRunListener> listeners;

	CompositeScriptRunListener(List<ScriptRunListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void onStart(ScriptStart start) {
		for (ScriptRunListener listener : this.listeners) {
			listener.onStart(start);
		}
	}

	@Override
	public void onExit(ScriptStart start) {
		for (ScriptRunListener listener : this.listeners) {
			listener.onExit(start);
		}
	}

	@Override
	public void onRun(ScriptRun run) {
		for (ScriptRunListener listener : this.listeners) {
			listener.onRun(run);
		}
	}

}
