package org.cgiserver.process;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.cgiserver.process.ProcessResult.Termination;

/**
 * One running script: its standard output to read, and its end to wait for. Standard
 * input is fed and standard error drained in the background; the wall-clock and idle
 * limits stop the whole process tree.
 */
public final class ScriptProcess implements AutoCloseable {

	private final Process process;

	private final String runId;

	private final ProcessExecutionService service;

	private final long startNanos = System.nanoTime();

	private final AtomicReference<@Nullable Termination> stoppedFor = new AtomicReference<>();

	private final AtomicLong bytesIn = new AtomicLong();

	private final ActivityTrackingInputStream stdout;

	private final StderrCollector stderr;

	private final CompletableFuture<Void> closed = new CompletableFuture<>();

	private volatile CompletableFuture<Void> fed = CompletableFuture.completedFuture(null);

	private final CompletableFuture<Void> ended;

	private final CompletableFuture<ProcessResult> result;

	private final CompletableFuture<ProcessResult> exited;

	private volatile long exitNanos;

	private volatile @Nullable ScheduledFuture<?> deadline;

	private volatile @Nullable ScheduledFuture<?> idleCheck;

	private volatile @Nullable Duration idleLimit;

	private volatile boolean limitsLifted;

	private final AtomicBoolean holdsSlot;

	ScriptProcess(Process process, String runId, ProcessExecutionService service,
			CompletableFuture<Void> stderrDrained, StderrCollector stderr, boolean holdsSlot) {
		this.process = process;
		this.runId = runId;
		this.service = service;
		this.holdsSlot = new AtomicBoolean(holdsSlot);
		this.stdout = new ActivityTrackingInputStream(process.getInputStream());
		this.stderr = stderr;
		CompletableFuture<Process> exit = process.onExit().thenApply((exitedProcess) -> {
			this.exitNanos = System.nanoTime();
			return exitedProcess;
		});
		// Not waiting for standard error, which a background child may hold open.
		this.ended = CompletableFuture.allOf(exit, this.closed);
		CompletableFuture<Process> drained = exit.thenCombine(stderrDrained, (exitedProcess, done) -> exitedProcess);
		this.exited = drained.thenApply(this::toResult);
		// Complete only when the response side is done too, so that the output count is
		// final: a quick script often exits before its output has been read.
		this.result = drained.thenCombine(this.closed, (exitedProcess, done) -> exitedProcess).thenApply(this::toResult);
	}

	void armLimits(Duration timeout, @Nullable Duration idleTimeout) {
		this.deadline = this.service.schedule(() -> stopUnlessLifted(Termination.TIMED_OUT), timeout);
		if (idleTimeout != null) {
			this.idleLimit = idleTimeout;
			scheduleIdleCheck(idleTimeout);
		}
		this.result.whenComplete((result, failure) -> cancelLimits());
	}

	/**
	 * Replaces the run's limits, for an answer that needs other limits than a page: an
	 * event stream lives longer, but must keep writing. A limit that has already stopped
	 * the script stays what stopped it.
	 * @param timeout the new wall-clock limit, counted from the run's start
	 * @param idleTimeout the new limit on time without output, counted from the last output
	 */
	public void relimit(Duration timeout, Duration idleTimeout) {
		cancelLimits();
		Duration left = timeout.minusNanos(System.nanoTime() - this.startNanos);
		this.deadline = this.service.schedule(() -> stopUnlessLifted(Termination.TIMED_OUT),
				left.isNegative() ? Duration.ZERO : left);
		// A check of the old limit that runs right now reads the new one too.
		this.idleLimit = idleTimeout;
		long idleNanos = System.nanoTime() - this.stdout.lastActivity;
		scheduleIdleCheck(Duration.ofNanos(Math.max(0, idleTimeout.toNanos() - idleNanos)));
		if (this.result.isDone()) {
			cancelLimits();
		}
	}

	private void scheduleIdleCheck(Duration delay) {
		this.idleCheck = this.service.schedule(() -> {
			Duration idleTimeout = this.idleLimit;
			if (idleTimeout == null || this.result.isDone()) {
				return;
			}
			long idleNanos = System.nanoTime() - this.stdout.lastActivity;
			long remaining = idleTimeout.toNanos() - idleNanos;
			if (remaining <= 0) {
				stopUnlessLifted(Termination.IDLE_TIMED_OUT);
			}
			else {
				scheduleIdleCheck(Duration.ofNanos(remaining));
			}
		}, delay);
	}

	/**
	 * Makes the run a conversation: it has taken over its client's connection, and lasts
	 * as long as both ends hold it, up to the conversations' longest duration, in place of
	 * its wall-clock and idle limits. Its slot of {@code cgi.max-concurrent} is given back
	 * at once: a long conversation must not take one from short requests (the caller holds
	 * one of the {@link SessionSlots} for it instead).
	 * @param maxDuration the longest it may last from now
	 */
	public void becomeConversation(Duration maxDuration) {
		this.limitsLifted = true;
		cancelLimits();
		this.deadline = this.service.schedule(() -> stop(Termination.TIMED_OUT), maxDuration);
		this.service.releaseSlot(this);
	}

	/**
	 * Gives up the run's slot of {@code cgi.max-concurrent}, once.
	 * @return whether it still held one
	 */
	boolean giveUpSlot() {
		return this.holdsSlot.compareAndSet(true, false);
	}

	private void stopUnlessLifted(Termination reason) {
		if (!this.limitsLifted) {
			stop(reason);
		}
	}

	private void cancelLimits() {
		ScheduledFuture<?> deadline = this.deadline;
		if (deadline != null) {
			deadline.cancel(false);
		}
		ScheduledFuture<?> idleCheck = this.idleCheck;
		if (idleCheck != null) {
			idleCheck.cancel(false);
		}
	}

	/**
	 * The script's standard output.
	 * @return the stream
	 */
	public InputStream stdout() {
		return this.stdout;
	}

	/**
	 * The script's standard input, for the caller of a session (started by
	 * {@link ProcessExecutionService#startSession}) to write to and close; a run started
	 * for a request is fed its body in the background instead.
	 * @return the stream
	 */
	public OutputStream stdin() {
		return this.process.getOutputStream();
	}

	/**
	 * Whether a limit (wall-clock or idle) has stopped the script.
	 * @return whether it timed out
	 */
	public boolean timedOut() {
		Termination termination = this.stoppedFor.get();
		return termination != null && termination.isTimeout();
	}

	/**
	 * Why the server stopped the script.
	 * @return the reason, or {@code null} while it has not stopped it
	 */
	public @Nullable Termination stoppedFor() {
		return this.stoppedFor.get();
	}

	/**
	 * Whether the script was stopped because its client went away.
	 * @return whether it was aborted
	 */
	public boolean aborted() {
		return this.stoppedFor.get() == Termination.ABORTED;
	}

	/**
	 * Whether the script's own process still runs.
	 * @return whether it is alive
	 */
	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Stops the script because its client went away.
	 */
	public void abort() {
		stop(Termination.ABORTED);
	}

	/**
	 * Stops the script because its output was refused.
	 */
	public void discard() {
		stop(Termination.DISCARDED);
	}

	/**
	 * Stops the whole process tree, once, recording why.
	 * @param reason why it is stopped
	 */
	void stop(Termination reason) {
		if (this.stoppedFor.compareAndSet(null, reason)) {
			this.service.terminate(this.process.toHandle(), this.runId);
		}
	}

	/**
	 * The end of the run as far as its processes go: completes when the script has exited
	 * and this process has been {@link #close() closed}; whatever the run left running is
	 * ended then.
	 * @return the end to come
	 */
	CompletableFuture<Void> ended() {
		return this.ended;
	}

	/**
	 * How the script ended, as soon as it has exited and its standard error is drained,
	 * without waiting for the response side: what a refused answer needs to report at once.
	 * The output count may still grow until {@link #result()}.
	 * @return the script's end to come
	 */
	public CompletableFuture<ProcessResult> exited() {
		return this.exited;
	}

	/**
	 * The end of the run: completes when the script has exited, its standard error is
	 * drained and this process has been {@link #close() closed}.
	 * @return the result to come
	 */
	public CompletableFuture<ProcessResult> result() {
		return this.result;
	}

	/**
	 * Ends the response side of the run: stops reading output. The script is left to
	 * finish within its limits; its end still completes {@link #result()}.
	 */
	@Override
	public void close() {
		try {
			this.stdout.close();
		}
		catch (IOException ex) {
			// Nothing more is read from it either way.
		}
		try {
			// The request body must not be read once the request is handed back to the
			// container. The wait is bounded: with its output closed, the script's exit
			// or its time limit ends the feeding at its next write.
			this.fed.join();
		}
		catch (RuntimeException ex) {
			// Feeding failed; the script saw the end of its input.
		}
		finally {
			this.closed.complete(null);
		}
	}

	void startFeeding(InputStream source, Executor executor) {
		this.fed = CompletableFuture.runAsync(() -> feed(source), executor);
	}

	private void feed(InputStream source) {
		byte[] buffer = new byte[16384];
		try (OutputStream stdin = this.process.getOutputStream(); source) {
			int read;
			while ((read = source.read(buffer)) != -1) {
				stdin.write(buffer, 0, read);
				stdin.flush();
				this.bytesIn.addAndGet(read);
			}
		}
		catch (IOException ex) {
			// The script stopped reading (it may exit without reading its input) or the
			// client's upload broke off; either way the script sees the end of its input.
		}
	}

	private ProcessResult toResult(Process exited) {
		Termination termination = this.stoppedFor.get();
		return new ProcessResult(exited.pid(), exited.exitValue(), (termination != null) ? termination : Termination.EXITED,
				Duration.ofNanos(this.exitNanos - this.startNanos), this.bytesIn.get(), this.stdout.count,
				this.stderr.tail(), this.service.cost(exited));
	}

	private static final class ActivityTrackingInputStream extends FilterInputStream {

		volatile long lastActivity = System.nanoTime();

		volatile long count;

		ActivityTrackingInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				this.count++;
				this.lastActivity = System.nanoTime();
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = super.read(buffer, offset, length);
			if (read > 0) {
				this.count += read;
				this.lastActivity = System.nanoTime();
			}
			return read;
		}

	}

}
