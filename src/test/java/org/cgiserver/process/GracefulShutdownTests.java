package org.cgiserver.process;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.cgiserver.CgiServerApplication;
import org.cgiserver.support.Http;
import org.cgiserver.support.Pids;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * No script outlives the server: shutdown waits for running requests up to its phase
 * timeout, then stops the scripts that are left.
 */
class GracefulShutdownTests {

	@Test
	void scriptsStillRunningAtShutdownAreStopped() {
		TestSite site = TestSite.create();
		site.writableFolder("pids");
		site.script("www/cgi-bin/forever.sh", "#!/bin/sh\nsleep 1000 &\necho $! >> \"$PIDS/forever\"\n"
				+ "echo $$ >> \"$PIDS/forever\"\nwait\n");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CgiServerApplication.class).run(
				"--server.port=0", "--cgi.document-root=" + site.root().resolve("www"),
				"--cgi.env.PIDS=" + site.root().resolve("pids"), "--cgi.kill-grace=500ms",
				"--spring.lifecycle.timeout-per-shutdown-phase=1s");
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			CompletableFuture.runAsync(() -> new Http(port).get("/cgi-bin/forever.sh"));
			List<Long> pids = Pids.await(site.root().resolve("pids/forever"), 2);
			context.close();
			Pids.awaitGone(pids);
		}
		finally {
			context.close();
			site.delete();
		}
	}

}
