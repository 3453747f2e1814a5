package org.cgiserver.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.ScriptRun;
import org.cgiserver.cgi.ScriptRunListener;
import org.cgiserver.cgi.ScriptStart;

/**
 * Every run, in bounded memory: totals, statistics per script (for at most
 * {@code cgi.history.max-scripts} scripts; only scripts that exist ever run, so URLs
 * cannot grow the table) and a ring of the most recent runs.
 */
public final class RunHistory implements ScriptRunListener {

	private final int size;

	private final int maxScripts;

	private final ArrayDeque<ScriptRun> recent;

	private final Map<String, ScriptStatistics> scripts = new ConcurrentHashMap<>();

	private final RunCounts counts = new RunCounts();

	public RunHistory(int size, int maxScripts) {
		this.size = size;
		this.maxScripts = maxScripts;
		this.recent = new ArrayDeque<>(size);
	}

	@Override
	public void onStart(ScriptStart start) {
		ScriptStatistics statistics = statistics(start.scriptName());
		if (statistics != null) {
			statistics.started();
		}
	}

	@Override
	public void onRun(ScriptRun run) {
		this.counts.add(run.outcome());
		ScriptStatistics statistics = statistics(run.scriptName());
		if (statistics != null) {
			statistics.record(run);
		}
		if (this.size > 0) {
			synchronized (this.recent) {
				if (this.recent.size() == this.size) {
					this.recent.removeLast();
				}
				this.recent.addFirst(run);
			}
		}
	}

	private @Nullable ScriptStatistics statistics(String scriptName) {
		ScriptStatistics statistics = this.scripts.get(scriptName);
		if (statistics == null && this.scripts.size() < this.maxScripts) {
			statistics = this.scripts.computeIfAbsent(scriptName, (name) -> new ScriptStatistics());
		}
		return statistics;
	}

	RunCounts.Totals totals() {
		return this.counts.totals();
	}

	Map<String, ScriptStatistics.Snapshot> scripts() {
		Map<String, ScriptStatistics.Snapshot> snapshots = new TreeMap<>();
		this.scripts.forEach((name, statistics) -> snapshots.put(name, statistics.snapshot()));
		return Collections.unmodifiableMap(snapshots);
	}

	/**
	 * The most recent runs, newest first.
	 * @return the runs
	 */
	List<ScriptRun> recent() {
		synchronized (this.recent) {
			return new ArrayList<>(this.recent);
		}
	}

}
