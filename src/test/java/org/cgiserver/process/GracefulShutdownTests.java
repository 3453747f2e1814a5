package org.cgiserver.process;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.cgiserver.CgiServerApplication;
import org.cgiserver.monitor.CgiEndpoint;
import org.cgiserver.monitor.CgiEndpoint.RunDescriptor;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No script outlives the server: shutdown waits for running requests up to its phase
 * timeout, then stops the scripts that are left.
 */
class GracefulShutdownTests {

	private final TestSite site = TestSite.create();

	private ConfigurableApplicationContext context;

	private final List<Long> scripts = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		if (this.context != null) {
			this.context.close();
		}
		// A failed test must not leave its scripts running.
		this.scripts.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
		this.site.delete();
	}

	@Test
	void scriptsStillRunningWhenTheShutdownPhaseTimesOutAreStoppedBeforeCloseReturns() {
		this.site.writableFolder("pids");
		this.site.script("www/cgi-bin/forever.sh", "#!/bin/sh\nsleep 1000 &\necho $! >> \"$PIDS/forever\"\n"
				+ "echo $$ >> \"$PIDS/forever\"\nwait\n");
		// Behind a proxy (forwarded headers) the client's connection cannot be looked up,
		// so the disconnect watcher never stops the script when the web server closes the
		// connection: only shutdown itself can.
		int port = start("1s", "--server.forward-headers-strategy=native");
		CgiEndpoint endpoint = this.context.getBean(CgiEndpoint.class);
		Http http = new Http(port);
		CompletableFuture.runAsync(() -> http
			.send(http.request("/cgi-bin/forever.sh").header("X-Forwarded-For", "203.0.113.9").GET().build()));
		List<Long> pids = Pids.await(this.site.root().resolve("pids/forever"), 2);
		this.scripts.addAll(pids);
		this.context.close();
		// Not "soon after": shutdown itself has ended the script and its child.
		assertThat(pids).noneMatch(Pids::alive);
		RunDescriptor run = awaitRun(endpoint, "/cgi-bin/forever.sh");
		assertThat(run.outcome()).isEqualTo("aborted");
	}

	@Test
	void requestsRunningAtShutdownCompleteWithinTheShutdownPhase() throws Exception {
		Path flags = this.site.writableFolder("flags");
		this.site.script("www/cgi-bin/finishing.sh", "#!/bin/sh\necho $$ >> \"$FLAGS/started\"\n"
				+ "while [ ! -e \"$FLAGS/go\" ]; do sleep 0.02; done\n"
				+ "printf 'Content-Type: text/plain\\n\\n'\necho 'the whole answer'\n");
		int port = start("60s");
		CgiEndpoint endpoint = this.context.getBean(CgiEndpoint.class);
		CompletableFuture<HttpResponse<String>> response = CompletableFuture
			.supplyAsync(() -> new Http(port).get("/cgi-bin/finishing.sh"));
		this.scripts.addAll(Pids.await(flags.resolve("started"), 1));
		ConfigurableApplicationContext closing = this.context;
		CompletableFuture<Void> closed = CompletableFuture.runAsync(closing::close);
		// Graceful shutdown has begun once the server takes no new connections.
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> refuses(port));
		assertThat(closed).isNotDone();
		Files.writeString(flags.resolve("go"), "go");
		HttpResponse<String> answer = response.get(30, TimeUnit.SECONDS);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("the whole answer\n");
		closed.get(30, TimeUnit.SECONDS);
		// Status and exit, not the outcome: a script whose exit the JDK has not yet reported
		// when the web server's phase ends is still taken for running, and counted aborted.
		RunDescriptor run = awaitRun(endpoint, "/cgi-bin/finishing.sh");
		assertThat(run.status()).isEqualTo(200);
		assertThat(run.exitCode()).isZero();
	}

	private int start(String shutdownPhaseTimeout, String... more) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=", "--cgi.document-root=" + this.site.root().resolve("www"),
				"--cgi.env.PIDS=" + this.site.root().resolve("pids"),
				"--cgi.env.FLAGS=" + this.site.root().resolve("flags"), "--cgi.kill-grace=500ms",
				"--spring.lifecycle.timeout-per-shutdown-phase=" + shutdownPhaseTimeout));
		arguments.addAll(List.of(more));
		this.context = new SpringApplicationBuilder(CgiServerApplication.class).run(arguments.toArray(String[]::new));
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	private static boolean refuses(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static RunDescriptor awaitRun(CgiEndpoint endpoint, String script) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> endpoint.runs("runs").runs().stream().anyMatch((run) -> run.script().equals(script)));
		return endpoint.runs("runs").runs().stream().filter((run) -> run.script().equals(script)).findFirst().get();
	}

}
