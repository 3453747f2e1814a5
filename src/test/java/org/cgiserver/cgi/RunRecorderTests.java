package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import org.cgiserver.cgi.ScriptRun.Outcome;
import org.cgiserver.process.ProcessResult;
import org.cgiserver.process.ProcessResult.Termination;

import static org.assertj.core.api.Assertions.assertThat;

class RunRecorderTests {

	private static final Instant TIME = Instant.parse("2025-01-02T03:04:05Z");

	private static final Script SCRIPT = new Script("/cgi-bin/x.sh", Path.of("/srv/cgi-bin/x.sh"), "",
			null, false, Map.of(), Duration.ofSeconds(10), EventStreamLimitsTests.DEFAULTS);

	private static ProcessResult exited(int exitCode) {
		return result(exitCode, Termination.EXITED);
	}

	private static ProcessResult result(int exitCode, Termination termination) {
		return new ProcessResult(42, exitCode, termination, Duration.ofMillis(250), 7, 99, "oops\n");
	}

	private static ScriptRun toRun(ScriptAnswer answer, ProcessResult result) {
		return RunRecorder.toRun(TIME, "/cgi-bin/x.sh", "POST", answer, result);
	}

	@Test
	void cleanExitIsASuccessWithTheProcessFigures() {
		ScriptRun run = toRun(ScriptAnswer.complete(201), exited(0));
		assertThat(run).isEqualTo(new ScriptRun(TIME, "/cgi-bin/x.sh", "POST", 201, Outcome.SUCCESS,
				new ScriptRun.Exit(0, 0, Duration.ofMillis(250), 7, 99, "oops\n"), null));
	}

	@Test
	void nonZeroExitIsAFailure() {
		ScriptRun run = toRun(ScriptAnswer.complete(200), exited(3));
		assertThat(run.outcome()).isEqualTo(Outcome.FAILURE);
		assertThat(run.failureReason()).isEqualTo("exit status 3");
		assertThat(run.status()).isEqualTo(200);
		assertThat(run.exitCode()).isEqualTo(3);
	}

	@Test
	void deathBySignalIsAFailure() {
		ScriptRun run = toRun(ScriptAnswer.complete(200), exited(128 + 9));
		assertThat(run.outcome()).isEqualTo(Outcome.FAILURE);
		assertThat(run.failureReason()).isEqualTo("killed by signal 9");
		assertThat(run.signal()).isEqualTo(9);
	}

	@Test
	void answerFailureComesBeforeTheExitStatus() {
		ScriptRun run = toRun(ScriptAnswer.failed(502, "bad header"), exited(1));
		assertThat(run.outcome()).isEqualTo(Outcome.FAILURE);
		assertThat(run.failureReason()).isEqualTo("bad header");
		assertThat(run.status()).isEqualTo(502);
	}

	@Test
	void answerFailureWithACleanExitIsStillAFailure() {
		ScriptRun run = toRun(ScriptAnswer.cutOff(200, "output longer than Content-Length"), exited(0));
		assertThat(run.outcome()).isEqualTo(Outcome.FAILURE);
		assertThat(run.failureReason()).isEqualTo("output longer than Content-Length");
	}

	@Test
	void wallClockLimitIsATimeoutWhateverTheAnswer() {
		ScriptRun run = toRun(ScriptAnswer.failed(504, "whatever"), result(128 + 9, Termination.TIMED_OUT));
		assertThat(run.outcome()).isEqualTo(Outcome.TIMEOUT);
		assertThat(run.failureReason()).isEqualTo("wall-clock limit reached");
		assertThat(run.status()).isEqualTo(504);
	}

	@Test
	void idleLimitIsATimeout() {
		ScriptRun run = toRun(ScriptAnswer.complete(200), result(128 + 15, Termination.IDLE_TIMED_OUT));
		assertThat(run.outcome()).isEqualTo(Outcome.TIMEOUT);
		assertThat(run.failureReason()).isEqualTo("no output within the idle limit");
	}

	@Test
	void eventStreamEndedByALimitIsATimeoutThatNamesTheLimit() {
		ScriptRun longest = toRun(ScriptAnswer.eventStreamEnded(200), result(128 + 15, Termination.TIMED_OUT));
		assertThat(longest.outcome()).isEqualTo(Outcome.TIMEOUT);
		assertThat(longest.failureReason()).isEqualTo("event stream reached its maximum duration");
		assertThat(longest.status()).isEqualTo(200);
		ScriptRun silent = toRun(ScriptAnswer.eventStreamEnded(200), result(128 + 15, Termination.IDLE_TIMED_OUT));
		assertThat(silent.outcome()).isEqualTo(Outcome.TIMEOUT);
		assertThat(silent.failureReason()).isEqualTo("event stream wrote nothing within its idle limit");
	}

	@Test
	void clientLeavingIsAnAbortNotAFailure() {
		ScriptRun run = toRun(ScriptAnswer.complete(499), result(128 + 9, Termination.ABORTED));
		assertThat(run.outcome()).isEqualTo(Outcome.ABORTED);
		assertThat(run.failureReason()).isNull();
		assertThat(run.status()).isEqualTo(499);
	}

	@Test
	void discardedOutputCountsByTheAnswerAndExit() {
		ScriptRun run = toRun(ScriptAnswer.failed(502, "malformed"), result(128 + 9, Termination.DISCARDED));
		assertThat(run.outcome()).isEqualTo(Outcome.FAILURE);
		assertThat(run.failureReason()).isEqualTo("malformed");
	}

	@Test
	void localRedirectCountsAsStatus200() {
		ScriptRun run = toRun(ScriptAnswer.localRedirect("/other"), exited(0));
		assertThat(run.status()).isEqualTo(200);
		assertThat(run.outcome()).isEqualTo(Outcome.SUCCESS);
	}

	@Test
	void rejectedRequestIsRecordedAndLeftOnTheRequest() {
		List<ScriptRun> runs = new ArrayList<>();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/cgi-bin/x.sh");
		new RunRecorder(runs::add).rejected(request, TIME, SCRIPT, "no free slot");
		ScriptRun expected = ScriptRun.rejected(TIME, "/cgi-bin/x.sh", "GET", "no free slot");
		assertThat(runs).containsExactly(expected);
		PendingRun pending = PendingRun.of(request);
		assertThat(pending).isNotNull();
		assertThat(pending.scriptName()).isEqualTo("/cgi-bin/x.sh");
		assertThat(pending.run()).isCompletedWithValue(expected);
	}

	@Test
	void failedStartIsRecordedAndLeftOnTheRequest() {
		List<ScriptRun> runs = new ArrayList<>();
		MockHttpServletRequest request = new MockHttpServletRequest("HEAD", "/cgi-bin/x.sh");
		new RunRecorder(runs::add).startFailed(request, TIME, SCRIPT, "no such interpreter");
		ScriptRun expected = ScriptRun.startFailed(TIME, "/cgi-bin/x.sh", "HEAD", "no such interpreter");
		assertThat(runs).containsExactly(expected);
		assertThat(PendingRun.of(request).run()).isCompletedWithValue(expected);
	}

	@Test
	void startIsToldToTheListener() {
		List<ScriptStart> started = new ArrayList<>();
		ScriptRunListener listener = new ScriptRunListener() {

			@Override
			public void onStart(ScriptStart start) {
				started.add(start);
			}

			@Override
			public void onRun(ScriptRun run) {
			}

		};
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cgi-bin/x.sh");
		request.setRemoteAddr("192.0.2.7");
		RunRecorder recorder = new RunRecorder(listener);
		ScriptStart first = recorder.started(request, TIME, SCRIPT);
		ScriptStart second = recorder.started(request, TIME, SCRIPT);
		assertThat(started).containsExactly(first, second);
		assertThat(first).extracting(ScriptStart::number, ScriptStart::scriptName, ScriptStart::method,
				ScriptStart::client, ScriptStart::time)
			.containsExactly(1L, "/cgi-bin/x.sh", "POST", "192.0.2.7", TIME);
		assertThat(second.number()).isEqualTo(2);
		assertThat(first.started()).isAfter(TIME);
	}

}
