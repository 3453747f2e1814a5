package org.cgiserver.websocket;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.UnixOperatingSystemMXBean;
import org.cgiserver.support.Http;
import org.cgiserver.support.ServerInOwnJvm;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sessions have room of their own beside the connection limit sized from the heap: more
 * sessions than that limit are held at once, and requests are still served beside them. The server runs in a JVM of its own, whose small
 * heap makes the limit a few hundred, and which starts as the jar does (with Tomcat's
 * small WebSocket buffers).
 */
class SessionsBesideTheConnectionLimitIntegrationTests {

	private static final Pattern LIMIT = Pattern.compile("At most (\\d+) client connections for requests");

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@Test
	void moreSessionsThanTheRequestsLimitAreHeldWhileRequestsAreServed() throws Exception {
		site.file("www/index.html", "<p>hello</p>\n");
		site.sh("www/ws/echo.sh", "while read l; do echo \"$l\"; done\n");
		Path log = site.root().resolve("server.log");
		try (ServerInOwnJvm server = ServerInOwnJvm.start(log, List.of("-Xmx96m", "-XX:+UseSerialGC"),
				"--cgi.document-root=" + site.root().resolve("www"), "--cgi.prefixes[0].path=/ws",
				"--cgi.prefixes[0].websocket=text", "--cgi.websocket.max-sessions=2000",
				"--cgi.access-log=false")) {
			Matcher limit = LIMIT.matcher(Files.readString(log));
			assertThat(limit.find()).as("the limit in the start log").isTrue();
			int sessionsToHold = Integer.parseInt(limit.group(1)) + 20;
			assumeTrue(openFileLimit() > 8L * sessionsToHold, "the open-file limit is too low for the sessions");
			HttpClient client = HttpClient.newBuilder().executor(Runnable::run).build();
			List<JdkSocket> sessions = new ArrayList<>();
			try {
				for (int i = 0; i < sessionsToHold; i++) {
					JdkSocket session = JdkSocket.open(client, server.port(), "/ws/echo.sh");
					sessions.add(session);
					session.send("hello " + i);
					assertThat(session.text()).isEqualTo("hello " + i);
				}
				assertThat(new Http(server.port()).get("/index.html").body()).isEqualTo("<p>hello</p>\n");
				// Longer than Tomcat's 2 KB buffers both ways: several frames of one message out.
				String line = "long ".repeat(1000);
				for (int i = 0; i < sessionsToHold; i += 50) {
					sessions.get(i).send(line);
					assertThat(sessions.get(i).text()).isEqualTo(line.strip());
				}
			}
			finally {
				sessions.forEach(JdkSocket::close);
			}
		}
	}

	private static long openFileLimit() {
		return (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix)
				? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
	}

}
