package org.cgiserver.monitor;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.cgiserver.cgi.ScriptRun;
import org.cgiserver.cgi.ScriptRunListener;
import org.cgiserver.cgi.ScriptStart;

/**
 * The scripts running now, with their clients; never more than the concurrency cap.
 */
final class RunningScripts implements ScriptRunListener {

	private final Map<Long, ScriptStart> running = new ConcurrentHashMap<>();

	@Override
	public void onStart(ScriptStart start) {
		this.running.put(start.number(), start);
	}

	@Override
	public void onExit(ScriptStart start) {
		this.running.remove(start.number());
	}

	@Override
	public void onRun(ScriptRun run) {
	}

	/**
	 * The scripts running now.
	 * @return the scripts, longest running first
	 */
	List<ScriptStart> now() {
		return this.running.values()
			.stream()
			.sorted(Comparator.comparing(ScriptStart::started).thenComparingLong(ScriptStart::number))
			.toList();
	}

}
