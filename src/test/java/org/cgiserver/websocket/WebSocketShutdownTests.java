package org.cgiserver.websocket;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cgiserver.CgiServerApplication;
import org.cgiserver.support.Pids;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server shutdown closes the open WebSocket sessions with 1001 and stops their scripts
 * before it returns.
 */
class WebSocketShutdownTests {

	private final TestSite site = TestSite.create();

	private ConfigurableApplicationContext context;

	private final List<Long> scripts = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		if (this.context != null) {
			this.context.close();
		}
		this.scripts.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
		this.site.delete();
	}

	@Test
	void shutdownClosesSessionsWith1001AndStopsTheirScripts() throws InterruptedException {
		Path pids = this.site.writableFolder("pids");
		// Ignores the end of its input and SIGTERM alike: only SIGKILL ends it.
		this.site.sh("www/ws/holds.sh", "trap '' TERM\nsleep 1000 &\necho $! >> \"$PIDS/holds\"\n"
				+ "echo $$ >> \"$PIDS/holds\"\necho ready\nwait\n");
		this.context = new SpringApplicationBuilder(CgiServerApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--management.server.port=",
				"--cgi.document-root=" + this.site.root().resolve("www"), "--cgi.env.PIDS=" + pids,
				"--cgi.prefixes[0].path=/ws", "--cgi.prefixes[0].websocket=text", "--cgi.kill-grace=500ms");
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		try (JdkSocket socket = JdkSocket.open(port, "/ws/holds.sh")) {
			assertThat(socket.text()).isEqualTo("ready");
			List<Long> started = Pids.await(pids.resolve("holds"), 2);
			this.scripts.addAll(started);
			this.context.close();
			JdkSocket.Closed closed = socket.closed();
			assertThat(closed.code()).isEqualTo(1001);
			assertThat(closed.reason()).isEqualTo("server shutting down");
			assertThat(started).as("the script and its child, ended before shutdown returned").noneMatch(Pids::alive);
		}
	}

}
