package org.cgiserver.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.cgiserver.support.LoopbackClient;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client bursting far over its limit does not slow another client on the same path:
 * its surplus requests are refused before any script starts, and the other client's
 * allowance is its own. Tagged {@code timing}: it times the server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Tag("timing")
class RateLimitBurstIntegrationTests {

	private static final int ALLOWANCE = 5;

	private static final int BURSTING_THREADS = 4;

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.textScript("www/cgi-bin/cgit.sh", "a page of cgit");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("cgi.rate-limits[0].path", "/cgi-bin/cgit.sh/**")
			.set("cgi.rate-limits[0].requests", ALLOWANCE)
			.set("cgi.rate-limits[0].per", "1h");
	}

	@LocalServerPort
	int port;

	@Test
	void anotherClientIsServedWithinItsNormalTimeDuringABurst() throws Exception {
		// The normal time, from a third address that the burst does not touch, once warm.
		LoopbackClient measured = new LoopbackClient("127.0.0.3", this.port);
		timed(measured, "/cgi-bin/cgit.sh");
		Duration normal = Duration.ZERO;
		for (int i = 0; i < 3; i++) {
			normal = max(normal, timed(measured, "/cgi-bin/cgit.sh/repo/tree"));
		}
		AtomicBoolean bursting = new AtomicBoolean(true);
		AtomicInteger served = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		ExecutorService crawler = Executors.newFixedThreadPool(BURSTING_THREADS);
		List<Future<?>> threads = new ArrayList<>();
		try {
			for (int t = 0; t < BURSTING_THREADS; t++) {
				threads.add(crawler.submit(() -> {
					while (bursting.get()) {
						int status = RawHttp.get(this.port, "/cgi-bin/cgit.sh/repo/log").status();
						if (status == 200) {
							served.incrementAndGet();
						}
						else if (status == 429) {
							refused.incrementAndGet();
						}
					}
					return null;
				}));
			}
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> refused.get() >= 200);
			LoopbackClient other = new LoopbackClient("127.0.0.2", this.port);
			List<Duration> times = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				times.add(timed(other, "/cgi-bin/cgit.sh/repo/commit"));
			}
			// Two cores shared with the burst: within a few times the normal time, never seconds.
			Duration bound = max(normal.multipliedBy(10), Duration.ofMillis(500));
			assertThat(times).as("the other client's times; normal %s", normal).allSatisfy(
					(time) -> assertThat(time).isLessThan(bound));
		}
		finally {
			bursting.set(false);
			crawler.shutdown();
			assertThat(crawler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		for (Future<?> thread : threads) {
			thread.get();
		}
		assertThat(served.get()).as("the crawler's requests served").isEqualTo(ALLOWANCE);
		assertThat(refused.get()).as("the crawler's requests refused").isGreaterThanOrEqualTo(200);
	}

	private static Duration timed(LoopbackClient client, String target) {
		long start = System.nanoTime();
		RawHttp.Response response = client.get(target);
		Duration time = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("a page of cgit");
		return time;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
