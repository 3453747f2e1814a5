package org.cgiserver.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cgiserver.support.CgiReport;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time limits, process-tree kills, aborts and spawn failures with real processes.
 * Resource limits, the idle limit and the process limit have test classes of their own,
 * with contexts of their own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ProcessExecutionIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final String SH = "#!/bin/sh\n";

	static final String HEADERS = "printf 'Content-Type: text/plain\\n\\n'\n";

	/**
	 * Larger than one environment string may be (MAX_ARG_STRLEN, 128 KiB): the kernel
	 * refuses to execute any program with it, wrapper or not, whatever the server's user.
	 */
	static final String TOO_LARGE_FOR_EXEC = "x".repeat(200_000);

	static {
		site.writableFolder("pids");
		// Under /slow the wall-clock limit is two seconds.
		site.script("www/slow/tree.sh", SH + "sleep 1000 &\necho $! >> \"$PIDS/tree\"\necho $$ >> \"$PIDS/tree\"\nwait\n");
		site.script("www/slow/stubborn.sh",
				SH + "trap '' TERM\necho $$ >> \"$PIDS/stubborn\"\nwhile :; do sleep 1; done\n");
		site.script("www/slow/midway.sh", SH + HEADERS + "echo 'started'\necho $$ >> \"$PIDS/midway\"\nsleep 1000\n");
		site.script("www/slow/detached.sh", SH + "(sleep 1000 >/dev/null 2>&1 & echo $! >> \"$PIDS/detached\")\n"
				+ HEADERS + "echo 'running'\nexec sleep 1000\n");
		// Under /cgi-bin the limits are long.
		site.script("www/cgi-bin/endless.sh", SH + HEADERS + "echo $$ >> \"$PIDS/endless\"\nexec yes\n");
		site.script("www/cgi-bin/early.sh", SH + HEADERS + "echo 'complete'\necho $$ >> \"$PIDS/early\"\nexec >&-\n"
				+ "while [ ! -e \"$PIDS/early.go\" ]; do sleep 0.05; done\necho done > \"$PIDS/early.done\"\n");
		site.script("www/cgi-bin/badshebang.sh", "#!/nonexistent/interpreter\necho never\n");
		site.script("www/cgi-bin/ok.sh", SH + HEADERS + "echo ok\n");
		site.script("www/huge/any.sh", SH + HEADERS + "echo never\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.prefixes[0].path", () -> "/cgi-bin");
		registry.add("cgi.prefixes[1].path", () -> "/slow");
		registry.add("cgi.prefixes[1].timeout", () -> "2s");
		registry.add("cgi.prefixes[2].path", () -> "/huge");
		registry.add("cgi.prefixes[2].env.HUGE", () -> TOO_LARGE_FOR_EXEC);
		registry.add("cgi.timeout", () -> "60s");
		registry.add("cgi.kill-grace", () -> "300ms");
		// Few slots, so that a slot a failed start kept would soon be missed.
		registry.add("cgi.max-concurrent", () -> "4");
		registry.add("cgi.env.PIDS", () -> site.root().resolve("pids").toString());
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	Http http() {
		return new Http(this.port);
	}

	CgiReport report() {
		return new CgiReport(this.managementPort);
	}

	Path pids(String name) {
		return site.root().resolve("pids").resolve(name);
	}

	@Test
	void timeoutBeforeHeadersIsAGatewayTimeoutAndKillsTheTree() {
		HttpResponse<String> response = http().get("/slow/tree.sh");
		assertThat(response.statusCode()).isEqualTo(504);
		List<Long> tree = Pids.await(pids("tree"), 2);
		Pids.awaitGone(tree);
	}

	@Test
	void scriptsIgnoringSigtermAreKilled() {
		assertThat(http().get("/slow/stubborn.sh").statusCode()).isEqualTo(504);
		Pids.awaitGone(Pids.await(pids("stubborn"), 1));
	}

	@Test
	void timeoutAfterHeadersCutsTheResponseOff() {
		RawHttp.Response response = RawHttp.get(this.port, "/slow/midway.sh");
		assertThat(response.status()).isEqualTo(200);
		String body = new String(response.rawBody(), StandardCharsets.ISO_8859_1);
		assertThat(body).contains("started");
		// Chunked, and never ended by the last chunk: the client can tell it is truncated.
		assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
		assertThat(body).doesNotEndWith("0\r\n\r\n");
		Pids.awaitGone(Pids.await(pids("midway"), 1));
	}

	/**
	 * A process that left the script's tree (its parent exited, so it was re-parented)
	 * is still the run's, and the wall-clock limit kills it with the rest. The script
	 * itself runs on, so that only the time limit can end the run. (Ending what is left
	 * when a script exits is tested with the processes' lifetime.)
	 */
	@Test
	void detachedProcessesAreKilledByTheTimeLimitToo() {
		RawHttp.Response response = RawHttp.get(this.port, "/slow/detached.sh");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("running").doesNotEndWith("0\r\n\r\n");
		Pids.awaitGone(Pids.await(pids("detached"), 1));
		JsonNode run = report().awaitRun("/slow/detached.sh");
		assertThat(run.path("outcome").asString()).isEqualTo("timeout");
		assertThat(run.path("reason").asString()).isEqualTo("wall-clock limit reached");
	}

	@Test
	void clientAbortKillsTheScript() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write("GET /cgi-bin/endless.sh HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(in.readNBytes(1000)).hasSize(1000);
		}
		Pids.awaitGone(Pids.await(pids("endless"), 1));
	}

	/**
	 * The script cannot end before the test lets it, which is after the response: so the
	 * response did not wait for the script's exit. No limit of this context can stop the
	 * script meanwhile, so it ends by itself.
	 */
	@Test
	void closingStdoutEndsTheResponseWhileTheScriptRuns() throws Exception {
		HttpResponse<String> response = http().get("/cgi-bin/early.sh");
		assertThat(response.body()).isEqualTo("complete\n");
		List<Long> script = Pids.await(pids("early"), 1);
		assertThat(pids("early.done")).doesNotExist();
		Files.writeString(pids("early.go"), "go");
		Pids.awaitGone(script);
		assertThat(pids("early.done")).hasContent("done");
		assertThat(report().awaitRun("/cgi-bin/early.sh").path("outcome").asString()).isEqualTo("success");
	}

	/**
	 * As root the script is started through setpriv, which starts; its exec fails, so the
	 * script writes nothing. Either way the client gets 502 and the cause is logged.
	 */
	@Test
	void scriptsWhoseInterpreterIsMissingAreABadGateway(CapturedOutput output) {
		assertThat(http().get("/cgi-bin/badshebang.sh").statusCode()).isEqualTo(502);
		assertThat(output).contains("/cgi-bin/badshebang.sh").containsPattern("(?i)no such file|not found");
	}

	@Test
	void processesThatCannotStartAreABadGatewayWithTheCauseLoggedAndRecorded(CapturedOutput output) {
		HttpResponse<String> response = http().get("/huge/any.sh");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).contains("The script could not be started");
		assertThat(output).contains("CGI script /huge/any.sh could not be started: ")
			.contains("Argument list too long");
		JsonNode run = report().awaitRun("/huge/any.sh");
		assertThat(run.path("outcome").asString()).isEqualTo("failure");
		assertThat(run.path("status").asInt()).isEqualTo(502);
		assertThat(run.path("exitCode").asInt()).isEqualTo(-1);
		assertThat(run.path("reason").asString()).contains("Argument list too long");
	}

	@Test
	void processesThatCannotStartGiveTheirSlotBack() {
		for (int i = 0; i < 6; i++) {
			assertThat(http().get("/huge/any.sh").statusCode()).isEqualTo(502);
		}
		assertThat(http().get("/cgi-bin/ok.sh").body()).isEqualTo("ok\n");
	}

}
