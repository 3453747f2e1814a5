package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.cgiserver.process.ProcessSpec;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessSpecFactoryTests {

	private static final Path ROOT = Path.of("/srv/www");

	private static final CgiEnvironment ENVIRONMENT = new CgiEnvironment(Map.of("PATH", "/bin"), Map.of(), false,
			"cgiserver", ROOT);

	private static Script script(@Nullable String interpreter) {
		return new Script("/cgi-bin/search.sh", ROOT.resolve("cgi-bin/search.sh"), "/info", interpreter, false,
				Map.of(), Duration.ofSeconds(7), EventStreamLimitsTests.DEFAULTS);
	}

	private static CgiRequest request(String method, String query) {
		return new CgiRequest(method, "HTTP/1.1", "/cgi-bin/search.sh/info", query, Map.of(), "10.0.0.1", 5555,
				"127.0.0.1", "localhost", 8080, "http", false, null, null, null);
	}

	@Test
	void specRunsTheScriptInItsFolderWithItsLimits() {
		ProcessSpecFactory factory = new ProcessSpecFactory(ENVIRONMENT, false, Duration.ofSeconds(3));
		ProcessSpec spec = factory.spec(script(null), request("POST", ""), 12);
		assertThat(spec.name()).isEqualTo("/cgi-bin/search.sh");
		assertThat(spec.command()).containsExactly("/srv/www/cgi-bin/search.sh");
		assertThat(spec.workingDirectory()).isEqualTo(ROOT.resolve("cgi-bin"));
		assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(spec.idleTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(spec.environment()).containsEntry("CONTENT_LENGTH", "12")
			.containsEntry("REQUEST_METHOD", "POST")
			.containsEntry("PATH_INFO", "/info")
			.containsEntry("PATH", "/bin");
	}

	@Test
	void noIdleLimitUnlessConfigured() {
		ProcessSpecFactory factory = new ProcessSpecFactory(ENVIRONMENT, false, null);
		assertThat(factory.spec(script(null), request("GET", ""), -1).idleTimeout()).isNull();
	}

	@Test
	void interpreterComesBeforeTheScript() {
		ProcessSpecFactory factory = new ProcessSpecFactory(ENVIRONMENT, false, null);
		assertThat(factory.command(script("/usr/bin/perl"), request("GET", "")))
			.containsExactly("/usr/bin/perl", "/srv/www/cgi-bin/search.sh");
	}

	@Test
	void searchQueryOfGetAndHeadBecomesArgumentsWhenEnabled() {
		ProcessSpecFactory factory = new ProcessSpecFactory(ENVIRONMENT, true, null);
		assertThat(factory.command(script(null), request("GET", "hello+world")))
			.containsExactly("/srv/www/cgi-bin/search.sh", "hello", "world");
		assertThat(factory.command(script("/usr/bin/perl"), request("HEAD", "a%20b")))
			.containsExactly("/usr/bin/perl", "/srv/www/cgi-bin/search.sh", "a b");
	}

	@Test
	void otherMethodsAndFormQueriesGetNoArguments() {
		ProcessSpecFactory factory = new ProcessSpecFactory(ENVIRONMENT, true, null);
		assertThat(factory.command(script(null), request("POST", "hello+world")))
			.containsExactly("/srv/www/cgi-bin/search.sh");
		assertThat(factory.command(script(null), request("GET", "q=hello"))).containsExactly("/srv/www/cgi-bin/search.sh");
	}

	@Test
	void noArgumentsWhenDisabled() {
		ProcessSpecFactory factory = new ProcessSpecFactory(ENVIRONMENT, false, null);
		assertThat(factory.command(script(null), request("GET", "hello+world")))
			.containsExactly("/srv/www/cgi-bin/search.sh");
	}

}
