package org.cgiserver.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.cgiserver.support.Pids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweeper with real processes that carry a run id, started directly by the test.
 */
class RunSweeperTests {

	private final String prefix = "sweeper-test-" + Long.toString(System.nanoTime(), 36) + "-";

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void killLeftovers() {
		this.processes.forEach(Process::destroyForcibly);
	}

	private Process start(String runId, String script) throws IOException {
		ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script);
		builder.environment().put(ProcessExecutionService.RUN_ID_VARIABLE, runId);
		Process process = builder.start();
		this.processes.add(process);
		return process;
	}

	private Process sleeper(String runId) throws IOException {
		return start(runId, "exec sleep 1000");
	}

	/** A process that ignores SIGTERM, once its shell has set that up. */
	private Process stubborn(String runId) throws Exception {
		Process process = start(runId, "trap '' TERM; echo ready; exec sleep 1000");
		assertThat(process.inputReader().readLine()).isEqualTo("ready");
		return process;
	}

	@Test
	void processesOfAFinishedRunAreEnded() throws Exception {
		RunSweeper sweeper = new RunSweeper(this.prefix, Duration.ofSeconds(10), Duration.ofMillis(50));
		Process left = sleeper(this.prefix + "1");
		sweeper.ended(this.prefix + "1", "/cgi-bin/test.sh");
		assertThat(left.waitFor(5, TimeUnit.SECONDS)).isTrue();
		assertThat(left.exitValue()).isEqualTo(128 + 15);
		sweeper.endAll();
	}

	@Test
	void processesOfOtherRunsAreLeftAlone() throws Exception {
		RunSweeper sweeper = new RunSweeper(this.prefix, Duration.ZERO, Duration.ofMillis(20));
		Process running = sleeper(this.prefix + "2");
		Process finished = sleeper(this.prefix + "22");
		sweeper.ended(this.prefix + "22", "/cgi-bin/test.sh");
		sweeper.ended(this.prefix + "3", "/cgi-bin/test.sh");
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !finished.isAlive());
		// More sweeps come and go while the other run's process lives on.
		Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(running::isAlive);
		sweeper.endAll();
	}

	@Test
	void processesIgnoringSigtermAreKilledAfterTheGrace() throws Exception {
		RunSweeper sweeper = new RunSweeper(this.prefix, Duration.ofMillis(300), Duration.ofMillis(20));
		Process stubborn = stubborn(this.prefix + "4");
		sweeper.ended(this.prefix + "4", "/cgi-bin/test.sh");
		assertThat(stubborn.waitFor(5, TimeUnit.SECONDS)).isTrue();
		assertThat(stubborn.exitValue()).isEqualTo(128 + 9);
		sweeper.endAll();
	}

	@Test
	void endAllEndsEveryProcessOfTheServerBeforeItReturns() throws Exception {
		RunSweeper sweeper = new RunSweeper(this.prefix, Duration.ofMillis(200), Duration.ofSeconds(60));
		Process running = sleeper(this.prefix + "5");
		Process stubborn = stubborn(this.prefix + "6");
		Process otherServer = sleeper("another-" + this.prefix + "5");
		sweeper.endAll();
		// Dead, if not yet reaped by this JVM.
		assertThat(Pids.alive(running.pid())).isFalse();
		assertThat(Pids.alive(stubborn.pid())).isFalse();
		assertThat(otherServer.isAlive()).isTrue();
	}

}
