package org.cgiserver.process.spawn;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A child that had already exited, and been reaped by the spawn helper, when the server
 * looked it up: it is not alive, has no children and is never signalled, so that its pid,
 * free for reuse, is never taken for it.
 *
 * @param pid the pid it had
 */
record ExitedProcessHandle(long pid) implements ProcessHandle {

	@Override
	public Optional<ProcessHandle> parent() {
		return Optional.empty();
	}

	@Override
	public Stream<ProcessHandle> children() {
		return Stream.empty();
	}

	@Override
	public Stream<ProcessHandle> descendants() {
		return Stream.empty();
	}

	@Override
	public Info info() {
		return NoInfo.INSTANCE;
	}

	@Override
	public CompletableFuture<ProcessHandle> onExit() {
		return CompletableFuture.completedFuture(this);
	}

	@Override
	public boolean supportsNormalTermination() {
		return true;
	}

	@Override
	public boolean destroy() {
		return false;
	}

	@Override
	public boolean destroyForcibly() {
		return false;
	}

	@Override
	public boolean isAlive() {
		return false;
	}

	@Override
	public int compareTo(ProcessHandle other) {
		return Long.compare(this.pid, other.pid());
	}

	private enum NoInfo implements Info {

		INSTANCE;

		@Override
		public Optional<String> command() {
			return Optional.empty();
		}

		@Override
		public Optional<String> commandLine() {
			return Optional.empty();
		}

		@Override
		public Optional<String[]> arguments() {
			return Optional.empty();
		}

		@Override
		public Optional<Instant> startInstant() {
			return Optional.empty();
		}

		@Override
		public Optional<Duration> totalCpuDuration() {
			return Optional.empty();
		}

		@Override
		public Optional<String> user() {
			return Optional.empty();
		}

	}

}
