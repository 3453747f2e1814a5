package org.cgiserver.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.UnixOperatingSystemMXBean;
import org.cgiserver.support.Pids;
import org.cgiserver.support.Programs;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.ServerInOwnJvm;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Slow clients against a server with the image's heap (128 MB), over real sockets: five
 * thousand connections from one client that trickle a request header while another
 * client is served, and one connection that trickles a body. Tagged {@code timing}: it runs
 * in a test JVM of its own.
 */
@Tag("timing")
class SlowClientsIntegrationTests {

	static final int SLOW_CONNECTIONS = 5000;

	/**
	 * Slow connections opened per second: fifty times slowhttptest's default, and below
	 * what 2 cores accept while also running this client (about 4,500 a second). At that
	 * ceiling, in the crowd's first second, while the JIT compiles the paths it takes,
	 * some answers to other clients take 50–250 ms.
	 */
	static final int OPENED_PER_SECOND = 2500;

	/** The default of {@code cgi.connections.header-timeout}. */
	static final Duration HEADER_TIMEOUT = Duration.ofSeconds(20);

	static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);

	static final byte[] PARTIAL_HEADER = "GET /index.html HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
		.getBytes(StandardCharsets.US_ASCII);

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static ServerInOwnJvm server;

	@BeforeAll
	static void startServer() {
		site.file("www/index.html", "<p>hello</p>\n");
		Path pids = site.writableFolder("pids");
		site.script("www/cgi-bin/slurp.sh", "#!/bin/sh\necho $$ >> " + pids.resolve("slurp") + "\ncat > /dev/null\n"
				+ "sleep 60\nprintf 'Content-Type: text/plain\\n\\nread\\n'\n");
		// Answers only once it has read the whole body, so that the connection stays quiet.
		site.script("www/cgi-bin/count.sh",
				"#!/bin/sh\nn=$(wc -c)\nprintf 'Content-Type: text/plain\\n\\n%s\\n' \"$n\"\n");
		server = ServerInOwnJvm.start(site.root().resolve("server.log"),
				List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
				"--cgi.document-root=" + site.root().resolve("www"),
				"--cgi.connections.body-timeout=" + BODY_TIMEOUT.toMillis() + "ms",
				"--cgi.connections.min-body-rate=500B");
	}

	@AfterAll
	static void stopServer() throws InterruptedException {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void thousandsOfTrickledHeadersAreCutOffWhileOtherClientsAreServedAtOnce() throws Exception {
		// The server runs in a JVM of its own, with its own limit.
		assumeTrue(Programs.find("curl") != null, "curl is not installed");
		assumeTrue(openFileLimit() > SLOW_CONNECTIONS + 1000,
				"the open-file limit is too low for " + SLOW_CONNECTIONS + " connections");
		Map<SocketChannel, Long> opened = new HashMap<>();
		List<Long> closedAfterNanos = new ArrayList<>();
		// A server that has served before and finished compiling what it ran, as one under
		// attack would have: a JVM still compiling its start-up takes most of two cores.
		for (int i = 0; i < 200; i++) {
			assertThat(RawHttp.get(server.port(), "/index.html").status()).isEqualTo(200);
		}
		server.awaitSettled(Duration.ofSeconds(30));
		try (Selector selector = Selector.open(); Prober prober = Prober.start(server.port())) {
			long start = System.nanoTime();
			long nextByte = start;
			long giveUp = start + Duration.ofSeconds(90).toNanos();
			int toOpen = SLOW_CONNECTIONS;
			while ((toOpen > 0 || !opened.isEmpty()) && System.nanoTime() < giveUp) {
				// Opens connections at the set rate, in batches, watching the open ones in
				// between.
				long due = Math.min(SLOW_CONNECTIONS,
						(System.nanoTime() - start) * OPENED_PER_SECOND / Duration.ofSeconds(1).toNanos());
				int batch = (int) Math.min(50, due - (SLOW_CONNECTIONS - toOpen));
				for (int i = 0; i < batch; i++) {
					SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
					opened.put(channel, System.nanoTime());
					channel.write(ByteBuffer.wrap(PARTIAL_HEADER));
					channel.configureBlocking(false);
					channel.register(selector, SelectionKey.OP_READ);
				}
				toOpen -= batch;
				// Each slow client sends one more byte of its header every five seconds, which
				// resets Tomcat's own read timeout, until the server closes its connection.
				if (System.nanoTime() >= nextByte) {
					for (SocketChannel channel : opened.keySet()) {
						try {
							channel.write(ByteBuffer.wrap(new byte[] { 'x' }));
						}
						catch (IOException ex) {
							// Closed by the server: the selector reports it.
						}
					}
					nextByte = System.nanoTime() + Duration.ofSeconds(5).toNanos();
				}
				selector.select((toOpen > 0) ? 1 : 100);
				for (SelectionKey key : selector.selectedKeys()) {
					SocketChannel channel = (SocketChannel) key.channel();
					if (readsToEnd(channel)) {
						closedAfterNanos.add(System.nanoTime() - opened.remove(channel));
						key.cancel();
						channel.close();
					}
				}
				selector.selectedKeys().clear();
			}
			Prober.Latencies latencies = prober.stop();
			System.out.println(SLOW_CONNECTIONS + " slow connections; another client (curl), fresh connection each time: "
					+ latencies);
			assertThat(latencies.failures()).as("requests of the other client that failed").isZero();
			assertThat(latencies.count()).isGreaterThan(200);
			assertThat(latencies.percentile(99)).as("p99 of the other client").isLessThan(Duration.ofMillis(100));
		}
		finally {
			for (SocketChannel channel : opened.keySet()) {
				channel.close();
			}
		}
		assertThat(opened.size()).as("slow connections the server left open").isZero();
		assertThat(closedAfterNanos).hasSize(SLOW_CONNECTIONS)
			.allSatisfy((nanos) -> assertThat(Duration.ofNanos(nanos)).isLessThan(HEADER_TIMEOUT.plusSeconds(10)));
		// Those not closed early to make room for others were closed at the deadline.
		assertThat(closedAfterNanos.stream().map(Duration::ofNanos).filter((after) -> after.compareTo(HEADER_TIMEOUT) >= 0))
			.as("slow connections closed at the header deadline")
			.isNotEmpty();
		assertThat(server.isAlive()).isTrue();
		assertThat(RawHttp.get(server.port(), "/readyz").status()).isEqualTo(200);
		assertThat(RawHttp.get(server.port(), "/index.html").body()).contains("hello");
	}

	@Test
	void bodyBelowTheMinimumRateIsCutOffAndItsScriptStopped() throws Exception {
		Path pids = site.root().resolve("pids/slurp");
		try (Socket socket = new Socket("127.0.0.1", server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /cgi-bin/slurp.sh HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			long start = System.nanoTime();
			// 10 bytes every 100 ms: 100 bytes per second, a fifth of the minimum rate.
			Duration closedAfter = sendUntilClosed(socket, 10, Duration.ofSeconds(30));
			System.out.println("Body at 100 B/s cut off after " + closedAfter.toMillis() + " ms");
			assertThat(closedAfter).isGreaterThanOrEqualTo(BODY_TIMEOUT).isLessThan(Duration.ofSeconds(15));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
		}
		List<Long> scripts = Pids.await(pids, 1);
		Pids.awaitGone(scripts, Duration.ofSeconds(10));
		assertThat(server.isAlive()).isTrue();
	}

	@Test
	void bodyAboveTheMinimumRateIsTakenWhole() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", server.port())) {
			OutputStream out = socket.getOutputStream();
			int length = 4000;
			out.write(("POST /cgi-bin/count.sh HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: "
					+ length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			// 100 bytes every 100 ms: 1,000 bytes per second for four seconds, twice the
			// minimum rate but longer than the body timeout.
			socket.setSoTimeout(100);
			InputStream in = socket.getInputStream();
			long start = System.nanoTime();
			for (int sent = 100; sent < length; sent += 100) {
				out.write(new byte[100]);
				out.flush();
				assertThat(readsNothingYet(in)).as("connection quiet after %d bytes", sent).isTrue();
			}
			out.write(new byte[100]);
			out.flush();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(BODY_TIMEOUT);
			socket.setSoTimeout(30_000);
			String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(answer).startsWith("HTTP/1.1 200").contains("\r\n" + length + "\n");
		}
	}

	/**
	 * Sends bytes every 100 ms until the server closes the connection.
	 * @return the time until it did
	 */
	private static Duration sendUntilClosed(Socket socket, int bytes, Duration limit) throws IOException {
		long start = System.nanoTime();
		socket.setSoTimeout(100);
		InputStream in = socket.getInputStream();
		OutputStream out = socket.getOutputStream();
		while (System.nanoTime() - start < limit.toNanos()) {
			try {
				out.write(new byte[bytes]);
				out.flush();
				if (!readsNothingYet(in)) {
					break;
				}
			}
			catch (IOException ex) {
				break;
			}
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/** Waits up to the socket's timeout for the server; true when it sent nothing. */
	private static boolean readsNothingYet(InputStream in) throws IOException {
		try {
			in.read();
			return false;
		}
		catch (SocketTimeoutException ex) {
			return true;
		}
	}

	/** Reads what the server sent; true when the connection has ended (or answered). */
	private static boolean readsToEnd(SocketChannel channel) {
		try {
			channel.read(ByteBuffer.allocate(1024));
			return true;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * Another client: curl, in a process of its own so that nothing of the test's JVM
	 * delays it, asking for a small file on a fresh connection 20 times a second, and
	 * telling how long each answer took.
	 */
	private static final class Prober implements AutoCloseable {

		private static final Pattern ANSWER = Pattern.compile("(\\d{3}) (\\d+\\.\\d+)");

		private final Process curl;

		private final Path output;

		private Prober(Process curl, Path output) {
			this.curl = curl;
			this.output = output;
		}

		static Prober start(int port) throws IOException {
			Path output = Files.createTempFile("prober", ".txt");
			Process curl = new ProcessBuilder("curl", "--silent", "--rate", "20/s", "--max-time", "10", "--header",
					"Connection: close", "--output", "/dev/null", "--write-out", "%{http_code} %{time_total}\\n",
					"http://127.0.0.1:" + port + "/index.html?probe=[1-10000]")
				.redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			return new Prober(curl, output);
		}

		Latencies stop() throws IOException, InterruptedException {
			this.curl.destroy();
			this.curl.waitFor();
			List<Duration> answers = new ArrayList<>();
			int failures = 0;
			for (String line : Files.readAllLines(this.output)) {
				Matcher answer = ANSWER.matcher(line);
				if (answer.matches() && answer.group(1).equals("200")) {
					answers.add(Duration.ofNanos((long) (Double.parseDouble(answer.group(2)) * 1e9)));
				}
				else if (answer.matches()) {
					failures++;
				}
			}
			Files.deleteIfExists(this.output);
			return new Latencies(answers.stream().sorted().toList(), failures);
		}

		@Override
		public void close() throws IOException, InterruptedException {
			if (this.curl.isAlive()) {
				stop();
			}
		}

		/**
		 * What the other client saw.
		 *
		 * @param sorted the time each answer took, shortest first
		 * @param failures requests that got no answer or not a 200
		 */
		record Latencies(List<Duration> sorted, int failures) {

			int count() {
				return this.sorted.size();
			}

			/** Nearest-rank percentile. */
			Duration percentile(int percent) {
				int rank = (int) Math.ceil(percent / 100.0 * this.sorted.size());
				return this.sorted.get(Math.max(0, rank - 1));
			}

			@Override
			public String toString() {
				return count() + " answers, " + this.failures + " failures, median " + percentile(50).toMillis()
						+ " ms, p99 " + percentile(99).toMillis() + " ms, max " + this.sorted.get(count() - 1).toMillis()
						+ " ms";
			}

		}

	}

	private static long openFileLimit() {
		return (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix)
				? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
	}

}
