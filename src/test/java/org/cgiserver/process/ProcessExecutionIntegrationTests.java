package org.cgiserver.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Limits, process-tree kills, aborts and spawn failures with real processes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessExecutionIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static final String SH = "#!/bin/sh\n";

	static final boolean ROOT = ProcessConfinement.ServerUser.current().root();

	static final String HEADERS = "printf 'Content-Type: text/plain\\n\\n'\n";

	static {
		site.writableFolder("pids");
		// Under /slow the wall-clock limit is one second.
		site.script("www/slow/tree.sh", SH + "sleep 1000 &\necho $! >> \"$PIDS/tree\"\necho $$ >> \"$PIDS/tree\"\nwait\n");
		site.script("www/slow/stubborn.sh",
				SH + "trap '' TERM\necho $$ >> \"$PIDS/stubborn\"\nwhile :; do sleep 1; done\n");
		site.script("www/slow/midway.sh", SH + HEADERS + "echo 'started'\necho $$ >> \"$PIDS/midway\"\nsleep 1000\n");
		site.script("www/slow/orphan.sh",
				SH + "sleep 1000 &\necho $! >> \"$PIDS/orphan\"\n" + HEADERS + "echo 'parent done'\nexit 0\n");
		// Under /cgi-bin the limit is long, but output may pause at most two seconds.
		site.script("www/cgi-bin/idle.sh", SH + HEADERS + "echo 'one line'\necho $$ >> \"$PIDS/idle\"\nsleep 1000\n");
		site.script("www/cgi-bin/endless.sh", SH + HEADERS + "echo $$ >> \"$PIDS/endless\"\nexec yes\n");
		site.script("www/cgi-bin/early.sh", SH + HEADERS + "echo 'complete'\necho $$ >> \"$PIDS/early\"\nexec >&-\n"
				+ "while [ ! -e \"$PIDS/early.go\" ]; do sleep 0.05; done\n");
		site.script("www/cgi-bin/badshebang.sh", "#!/nonexistent/interpreter\necho never\n");
		site.script("www/cgi-bin/limits.sh", SH + HEADERS + "echo \"files=$(ulimit -n) processes=$(awk '/^Max processes/ {print $3}' /proc/self/limits)\"\n");
		// Forks until the process limit stops it (dash then exits); the children keep
		// stdout open, so the one-second limit of /slow ends the run and kills them all.
		site.script("www/slow/forks.sh", SH + HEADERS + "n=0\nwhile [ $n -lt 200 ]; do\n"
				+ "  sleep 30 &\n  echo $! >> \"$PIDS/forks\"\n  n=$((n+1))\n  echo \"started=$n\"\ndone\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.prefixes[0].path", () -> "/cgi-bin");
		registry.add("cgi.prefixes[1].path", () -> "/slow");
		registry.add("cgi.prefixes[1].timeout", () -> "1s");
		registry.add("cgi.idle-timeout", () -> "2s");
		registry.add("cgi.kill-grace", () -> "300ms");
		registry.add("cgi.env.PIDS", () -> site.root().resolve("pids").toString());
		registry.add("cgi.limits.open-files", () -> "64");
		// RLIMIT_NPROC counts every process of the user: as a normal user that includes
		// the JVM's own threads, so the process limit is only tested as root (scripts run
		// as nobody).
		if (ROOT) {
			registry.add("cgi.limits.processes", () -> "40");
		}
	}


	@LocalServerPort
	int port;

	Http http() {
		return new Http(this.port);
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

	@Test
	void backgroundChildrenOfAnExitedScriptAreKilled() {
		RawHttp.Response response = RawHttp.get(this.port, "/slow/orphan.sh");
		assertThat(response.body()).contains("parent done");
		Pids.awaitGone(Pids.await(pids("orphan"), 1));
	}

	@Test
	void idleOutputLimitStopsTheScript() {
		RawHttp.Response response = RawHttp.get(this.port, "/cgi-bin/idle.sh");
		assertThat(response.body()).contains("one line").doesNotEndWith("0\r\n\r\n");
		Pids.awaitGone(Pids.await(pids("idle"), 1));
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

	@Test
	void closingStdoutEndsTheResponseWhileTheScriptRuns() throws Exception {
		HttpResponse<String> response = http().get("/cgi-bin/early.sh");
		assertThat(response.body()).isEqualTo("complete\n");
		List<Long> script = Pids.await(pids("early"), 1);
		assertThat(Pids.alive(script.get(0))).isTrue();
		Files.writeString(pids("early.go"), "go");
		Pids.awaitGone(script);
	}

	@Test
	void spawnFailuresAreABadGatewayWithTheCauseLogged(CapturedOutput output) {
		assertThat(http().get("/cgi-bin/badshebang.sh").statusCode()).isEqualTo(502);
		assertThat(output).contains("/cgi-bin/badshebang.sh").containsPattern("(?i)no such file|not found");
	}

	@Test
	void resourceLimitsApply() {
		String body = http().get("/cgi-bin/limits.sh").body();
		assertThat(body).startsWith("files=64 ");
		if (ROOT) {
			assertThat(body).isEqualTo("files=64 processes=40\n");
		}
	}

	@Test
	@Order(Integer.MAX_VALUE) // it uses up the run-as user's process slots for a moment
	void forkBombsStopAtTheProcessLimit() {
		assumeTrue(ROOT, "the process limit is only tested as root");
		RawHttp.Response response = RawHttp.get(this.port, "/slow/forks.sh");
		List<String> counts = response.body().lines().filter((line) -> line.startsWith("started=")).toList();
		assertThat(counts).isNotEmpty();
		int started = Integer.parseInt(counts.get(counts.size() - 1).substring("started=".length()));
		assertThat(started).isLessThan(40);
		// Stopped, not necessarily reaped yet: orphans are reaped by init, on its own time.
		Pids.awaitGone(Pids.read(pids("forks")));
	}

	@Test
	void noZombiesAreLeft() {
		assertThat(http().get("/cgi-bin/limits.sh").statusCode()).isEqualTo(200);
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.until(() -> Pids.zombieChildren().isEmpty());
	}

}
