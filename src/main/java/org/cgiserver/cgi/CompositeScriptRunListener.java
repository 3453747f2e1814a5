package org.cgiserver.cgi;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells several listeners, in order.
 */
final class CompositeScriptRunListener implements ScriptRunListener {

	private static final Logger logger = LoggerFactory.getLogger(CompositeScriptRunListener.class);

	private final List<ScriptRunListener> listeners;

	CompositeScriptRunListener(List<ScriptRunListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void onStart(ScriptStart start) {
		tell((listener) -> listener.onStart(start));
	}

	@Override
	public void onExit(ScriptStart start) {
		tell((listener) -> listener.onExit(start));
	}

	@Override
	public void onRun(ScriptRun run) {
		tell((listener) -> listener.onRun(run));
	}

	/** A listener that fails must not keep the others from hearing of the run. */
	private void tell(Consumer<ScriptRunListener> event) {
		for (ScriptRunListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Script run listener {} failed", listener.getClass().getSimpleName(), ex);
			}
		}
	}

}
