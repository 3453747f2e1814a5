package org.cgiserver.ratelimit;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

import org.awaitility.Awaitility;
import org.cgiserver.support.AccessLog;
import org.cgiserver.support.Actuator;
import org.cgiserver.support.Http;
import org.cgiserver.support.LoopbackClient;
import org.cgiserver.support.RawHttp;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
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
 * Rate limits per client address and path: a client over its allowance is answered 429
 * with Retry-After before its script starts, counted in a metric and the access log,
 * while other paths and other clients are served.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class RateLimitIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.writableFolder("runs");
		site.sh("www/cgi-bin/counted.sh",
				"echo run >> \"$RUNS/counted\"\nprintf 'Content-Type: text/plain\\r\\n\\r\\nthe script ran'\n");
		site.textScript("www/cgi-bin/free.sh", "free");
		site.textScript("www/cgi-bin/refill.sh", "refilled");
		site.textScript("www/cgi-bin/own.sh", "own allowance");
		site.textScript("www/cgi-bin/private.sh", "for alice");
		site.textScript("www/cgi-bin/gitweb.sh", "gitweb");
		site.symlink("www/cgi-bin/gitweb-link.sh", site.path("www/cgi-bin/gitweb.sh"));
		site.file("www/index.html", "home");
		site.file("htpasswd", Users.file(Users.ALICE));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.env("RUNS", site.path("runs"))
			// 127.0.0.1 is a trusted proxy; 127.0.0.2 and 127.0.0.3 are clients of their own.
			.set("server.forward-headers-strategy", "native")
			.set("server.tomcat.remoteip.internal-proxies", "127\\.0\\.0\\.1")
			.set("cgi.rate-limits[0].path", "/cgi-bin/counted.sh/**")
			.set("cgi.rate-limits[0].requests", "3")
			.set("cgi.rate-limits[0].per", "1h")
			.set("cgi.rate-limits[1].path", "/cgi-bin/refill.sh")
			.set("cgi.rate-limits[1].requests", "2")
			.set("cgi.rate-limits[1].per", "1s")
			.set("cgi.rate-limits[2].path", "/cgi-bin/own.sh")
			.set("cgi.rate-limits[2].requests", "2")
			.set("cgi.rate-limits[2].per", "1h")
			.set("cgi.rate-limits[3].path", "/cgi-bin/private.sh")
			.set("cgi.rate-limits[3].requests", "2")
			.set("cgi.rate-limits[3].per", "1h")
			.set("cgi.rate-limits[4].path", "/cgi-bin/gitweb.sh")
			.set("cgi.rate-limits[4].requests", "1")
			.set("cgi.rate-limits[4].per", "1h")
			.set("cgi.auth.users-file", site.path("htpasswd"))
			.set("cgi.auth.max-failures", "0")
			.set("cgi.auth.rules[0].path", "/cgi-bin/private.sh")
			.set("cgi.auth.rules[0].users", "alice");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void theRequestAfterTheAllowanceGets429WithRetryAfterAndRunsNoScript(CapturedOutput output) throws IOException {
		Http http = new Http(this.port);
		// A burst: the whole allowance at once, PATH_INFO under the script's pattern included.
		assertThat(http.get("/cgi-bin/counted.sh").statusCode()).isEqualTo(200);
		assertThat(http.get("/cgi-bin/counted.sh/repo/log").body()).isEqualTo("the script ran");
		assertThat(http.get("/cgi-bin/counted.sh?page=2").statusCode()).isEqualTo(200);
		HttpResponse<String> refused = http.get("/cgi-bin/counted.sh");
		assertThat(refused.statusCode()).isEqualTo(429);
		// Three an hour: one comes back every twenty minutes.
		assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1100L, 1200L));
		assertThat(refused.body()).doesNotContain("the script ran");
		// Another spelling of the same path is the same path.
		assertThat(RawHttp.get(this.port, "//cgi-bin/./counted.sh").status()).isEqualTo(429);
		assertThat(RawHttp.get(this.port, "/cgi-bin/%63ounted.sh").status()).isEqualTo(429);
		assertThat(runs("counted")).hasSize(3);

		AccessLog.Line line = awaitRefusedLine(output, "/cgi-bin/counted.sh", "127.0.0.1");
		assertThat(line.get("outcome")).isEqualTo("rate-limited");
		assertThat(line.get("script")).isNull();
		assertThat(new Actuator(this.managementPort).metric("cgi.rate.limited", "COUNT", "path:/cgi-bin/counted.sh/**"))
			.isEqualTo(3.0);
	}

	@Test
	void aLimitNamingAScriptHoldsWhateverURLRunsIt() {
		Http http = new Http(this.port);
		assertThat(http.get("/cgi-bin/gitweb.sh").statusCode()).isEqualTo(200);
		assertThat(http.get("/cgi-bin/gitweb.sh").statusCode()).isEqualTo(429);
		assertThat(http.get("/cgi-bin/gitweb.sh/").statusCode()).isEqualTo(429);
		assertThat(http.get("/cgi-bin/gitweb.sh/project/log").statusCode()).isEqualTo(429);
		assertThat(http.get("/cgi-bin/gitweb-link.sh/project/log").statusCode()).isEqualTo(429);
	}

	@Test
	void otherPathsAreNotLimited() {
		Http http = new Http(this.port);
		for (int i = 0; i < 3; i++) {
			http.get("/cgi-bin/own.sh");
		}
		assertThat(http.get("/cgi-bin/own.sh").statusCode()).isEqualTo(429);
		for (int i = 0; i < 10; i++) {
			assertThat(http.get("/cgi-bin/free.sh").statusCode()).isEqualTo(200);
			assertThat(http.get("/index.html").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void theAllowanceRefillsOverThePeriod() {
		Http http = new Http(this.port);
		long start = System.nanoTime();
		assertThat(http.get("/cgi-bin/refill.sh").statusCode()).isEqualTo(200);
		assertThat(http.get("/cgi-bin/refill.sh").statusCode()).isEqualTo(200);
		HttpResponse<String> refused = http.get("/cgi-bin/refill.sh");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		// Two a second: one comes back every half second.
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> http.get("/cgi-bin/refill.sh").statusCode() == 200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
	}

	@Test
	void anotherClientHasItsOwnAllowance() {
		Http http = new Http(this.port);
		// Spends 127.0.0.1's allowance, whatever another test left of it.
		assertThat(spend(() -> http.get("/cgi-bin/own.sh").statusCode())).isEqualTo(429);
		RawHttp.Response other = new LoopbackClient("127.0.0.2", this.port).get("/cgi-bin/own.sh");
		assertThat(other.status()).isEqualTo(200);
		assertThat(other.body()).contains("own allowance");
	}

	@Test
	void requestsTheAccessRulesRefuseSpendNoAllowance() {
		Http http = new Http(this.port);
		for (int i = 0; i < 5; i++) {
			assertThat(http.get("/cgi-bin/private.sh").statusCode()).isEqualTo(401);
		}
		HttpRequest withLogin = http.request("/cgi-bin/private.sh")
			.header("Authorization", Users.basic("alice", "alice-secret"))
			.build();
		assertThat(http.send(withLogin).statusCode()).isEqualTo(200);
		assertThat(http.send(withLogin).statusCode()).isEqualTo(200);
		assertThat(http.send(withLogin).statusCode()).isEqualTo(429);
	}

	@Test
	void aClientCannotChangeItsAddressWithForwardedHeadersThatAreNotTrusted() {
		LoopbackClient client = new LoopbackClient("127.0.0.3", this.port);
		assertThat(client.get("/cgi-bin/own.sh", "X-Forwarded-For: 203.0.113.1").status()).isEqualTo(200);
		assertThat(client.get("/cgi-bin/own.sh", "X-Forwarded-For: 203.0.113.2").status()).isEqualTo(200);
		assertThat(client.get("/cgi-bin/own.sh", "X-Forwarded-For: 203.0.113.3").status()).isEqualTo(429);
	}

	@Test
	void behindATrustedProxyEachForwardedClientHasItsOwnAllowance(CapturedOutput output) {
		Http http = new Http(this.port);
		String crawler = "203.0.113.7";
		assertThat(spend(() -> http.send(http.request("/cgi-bin/own.sh").header("X-Forwarded-For", crawler).build())
			.statusCode())).isEqualTo(429);
		HttpResponse<String> other = http
			.send(http.request("/cgi-bin/own.sh").header("X-Forwarded-For", "203.0.113.8").build());
		assertThat(other.statusCode()).isEqualTo(200);
		AccessLog.Line refused = awaitRefusedLine(output, "/cgi-bin/own.sh", crawler);
		assertThat(refused.get("outcome")).isEqualTo("rate-limited");
	}

	/**
	 * Sends a request until it is refused, at most a few more times than any allowance.
	 * @return the last status
	 */
	private static int spend(IntSupplier request) {
		int status = request.getAsInt();
		for (int i = 0; i < 10 && status == 200; i++) {
			status = request.getAsInt();
		}
		return status;
	}

	private static AccessLog.Line awaitRefusedLine(CapturedOutput output, String path, String client) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> refusedLine(output, path, client) != null);
		return refusedLine(output, path, client);
	}

	private static AccessLog.@Nullable Line refusedLine(CapturedOutput output, String path, String client) {
		return AccessLog.lines(output, path)
			.stream()
			.filter((line) -> line.status() == 429 && client.equals(line.get("client")))
			.findFirst()
			.orElse(null);
	}

	private static List<String> runs(String name) throws IOException {
		Path file = site.path("runs/" + name);
		return Files.exists(file) ? Files.readAllLines(file) : List.of();
	}

}
