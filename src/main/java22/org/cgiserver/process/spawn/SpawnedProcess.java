package org.cgiserver.process.spawn;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.spawn.helper.Spawner;

/**
 * A child started by {@link PosixSpawnLauncher}: its pipes, and its exit once reaped.
 * Signals go through the {@link ProcessHandle} taken while the child could not yet have
 * been reaped, which knows the child's start time, so a recycled pid is never signalled.
 */
final class SpawnedProcess extends Process {

	private final ProcessHandle handle;

	private final OutputStream stdin;

	private final InputStream stdout;

	private final InputStream stderr;

	private final CompletableFuture<Process> exit = new CompletableFuture<>();

	private volatile int exitCode;

	private volatile long @Nullable [] cost;

	SpawnedProcess(ProcessHandle handle, OutputStream stdin, InputStream stdout, InputStream stderr) {
		this.handle = handle;
		this.stdin = stdin;
		this.stdout = stdout;
		this.stderr = stderr;
	}

	void exited(Exit exit) {
		this.exitCode = exit.code();
		this.cost = exit.cost();
		this.exit.complete(this);
	}

	/**
	 * What the child cost, once reaped.
	 * @return user and system CPU time in microseconds and the largest resident set in
	 * kilobytes, or {@code null} before its exit or when its exit was not seen
	 */
	long @Nullable [] cost() {
		long[] cost = this.cost;
		return (cost != null) ? cost.clone() : null;
	}

	@Override
	public OutputStream getOutputStream() {
		return this.stdin;
	}

	@Override
	public InputStream getInputStream() {
		return this.stdout;
	}

	@Override
	public InputStream getErrorStream() {
		return this.stderr;
	}

	@Override
	public int waitFor() throws InterruptedException {
		try {
			this.exit.get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		return this.exitCode;
	}

	@Override
	public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
		try {
			this.exit.get(timeout, unit);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	@Override
	public int exitValue() {
		if (!this.exit.isDone()) {
			throw new IllegalThreadStateException("process " + pid() + " has not exited");
		}
		return this.exitCode;
	}

	@Override
	public void destroy() {
		if (isAlive()) {
			this.handle.destroy();
		}
	}

	@Override
	public Process destroyForcibly() {
		if (isAlive()) {
			this.handle.destroyForcibly();
		}
		return this;
	}

	@Override
	public boolean supportsNormalTermination() {
		return true;
	}

	@Override
	public boolean isAlive() {
		return !this.exit.isDone();
	}

	@Override
	public long pid() {
		return this.handle.pid();
	}

	@Override
	public CompletableFuture<Process> onExit() {
		return this.exit.copy();
	}

	@Override
	public ProcessHandle toHandle() {
		return this.handle;
	}

	/**
	 * A reaped child's exit.
	 *
	 * @param code its exit code, as the JDK reports it, or -1 when unknown
	 * @param cost what {@code wait4} said it cost, as {@link Spawner#cost} gives it, or
	 * {@code null} when unknown
	 */
	record Exit(int code, long @Nullable [] cost) {

		/** An exit that was not seen: its new parent reaped the child. */
		static final Exit UNKNOWN = new Exit(-1, null);

	}

	@Override
	public String toString() {
		return "SpawnedProcess[pid=" + pid() + ", exitValue=" + (isAlive() ? "\"not exited\"" : this.exitCode) + "]";
	}

}
