package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CgiMappingsTests {

	private static final Path ROOT = Path.of("/srv/www");

	private static CgiProperties bind(Map<String, Object> environmentVariables) {
		StandardEnvironment environment = new StandardEnvironment();
		// Named like the real one, so that Boot applies its environment-variable mapping.
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
		return new Binder(ConfigurationPropertySources.get(environment))
			.bindOrCreate("cgi", Bindable.of(CgiProperties.class));
	}

	@Test
	void defaultsAreCgiBinAndHtbin() {
		CgiMappings mappings = CgiConfiguration.mappings(new CgiProperties(), ROOT);
		assertThat(mappings.prefixes()).extracting(ScriptPrefix::path).containsExactlyInAnyOrder("/cgi-bin", "/htbin");
		assertThat(mappings.prefixFor("/cgi-bin/x.sh")).isNotNull();
		assertThat(mappings.prefixFor("/cgi-binx/x.sh")).isNull();
		assertThat(mappings.prefixFor("/cgi-bin")).isNotNull();
	}

	@Test
	void pathsThatMayRunAScriptAreToldByThePathAlone() {
		CgiMappings mappings = CgiConfiguration.mappings(bind(Map.of("CGI_EXTENSIONS", "php")), ROOT);
		assertThat(mappings.mayRun("/cgi-bin/x.sh")).isTrue();
		assertThat(mappings.mayRun("/cgi-bin")).isTrue();
		assertThat(mappings.mayRun("/app/index.php")).isTrue();
		assertThat(mappings.mayRun("/INDEX.PHP")).isTrue();
		assertThat(mappings.mayRun("/app.php/extra/path")).isTrue();
		assertThat(mappings.mayRun("/a.php.d/b/")).isFalse();
		assertThat(mappings.mayRun("/app/index.html")).isFalse();
		assertThat(mappings.mayRun("/.php")).isFalse();
		assertThat(mappings.mayRun("/")).isFalse();
		assertThat(CgiConfiguration.mappings(new CgiProperties(), ROOT).mayRun("/index.php")).isFalse();
	}

	@Test
	void environmentVariablesBind() {
		CgiProperties properties = bind(Map.of("CGI_PREFIXES_0_PATH", "/scripts", "CGI_PREFIXES_0_TARGET", "/bin",
				"CGI_DOCUMENT_ROOT", "/srv/site", "CGI_EXTENSIONS", "cgi,pl", "CGI_TIMEOUT", "5s"));
		assertThat(properties.getDocumentRoot()).isEqualTo(Path.of("/srv/site"));
		assertThat(properties.getPrefixes()).hasSize(1);
		assertThat(properties.getPrefixes().get(0).getPath()).isEqualTo("/scripts");
		assertThat(properties.getPrefixes().get(0).getTarget()).isEqualTo(Path.of("/bin"));
		assertThat(properties.getExtensions()).containsExactly("cgi", "pl");
		CgiMappings mappings = CgiConfiguration.mappings(properties, ROOT);
		assertThat(mappings.prefixes().get(0).program()).isFalse();
		assertThat(mappings.extensions()).containsExactlyInAnyOrder("cgi", "pl");
	}

	@Test
	void mostSpecificPrefixWins() {
		CgiProperties properties = bind(Map.of("CGI_PREFIXES_0_PATH", "/a", "CGI_PREFIXES_1_PATH", "/a/b"));
		CgiMappings mappings = CgiConfiguration.mappings(properties, ROOT);
		assertThat(mappings.prefixFor("/a/b/c").path()).isEqualTo("/a/b");
		assertThat(mappings.prefixFor("/a/bc").path()).isEqualTo("/a");
	}

	@ParameterizedTest
	@ValueSource(strings = { "cgi-bin", "/a/../b", "/a//b", "/a/./b", "/", "/a b", "/a\\b", "/a?b", "/a%2fb" })
	void uncleanPrefixPathsStopTheStart(String path) {
		CgiProperties properties = bind(Map.of("CGI_PREFIXES_0_PATH", path));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiConfiguration.mappings(properties, ROOT))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.prefixes[0].path"));
	}

	@Test
	void invalidTargetsAndDuplicatesStopTheStart() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiConfiguration.mappings(
					bind(Map.of("CGI_PREFIXES_0_PATH", "/x", "CGI_PREFIXES_0_TARGET", "relative/bin")), ROOT))
			.withMessageContaining("cgi.prefixes[0].target")
			.withMessageContaining("absolute");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiConfiguration.mappings(
					bind(Map.of("CGI_PREFIXES_0_PATH", "/x", "CGI_PREFIXES_0_TARGET", "/nonexistent/cgiserver")), ROOT))
			.withMessageContaining("does not exist");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiConfiguration
				.mappings(bind(Map.of("CGI_PREFIXES_0_PATH", "/x", "CGI_PREFIXES_1_PATH", "/x/")), ROOT))
			.withMessageContaining("cgi.prefixes[1].path")
			.withMessageContaining("same path");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiConfiguration.mappings(bind(Map.of("CGI_PREFIXES_0_TARGET", "/bin")), ROOT))
			.withMessageContaining("cgi.prefixes[0].path");
	}

	@Test
	void extensionsAreNormalized() {
		CgiProperties properties = new CgiProperties();
		properties.getExtensions().add(".CGI");
		properties.getInterpreters().put("PY", "python3");
		CgiMappings mappings = CgiConfiguration.mappings(properties, ROOT);
		assertThat(mappings.extensions()).containsExactly("cgi");
		assertThat(mappings.interpreters()).containsEntry("py", "python3");
	}

	@Test
	void extensionOfAFileNameIsAfterItsLastDot() {
		assertThat(CgiMappings.extensionOf("a.tar.GZ")).isEqualTo("gz");
		assertThat(CgiMappings.extensionOf("script")).isEmpty();
		assertThat(CgiMappings.extensionOf(".cgi")).isEmpty();
		assertThat(CgiMappings.extensionOf("x.")).isEmpty();
	}

	@Test
	void prefixKeepsItsOwnTimeoutAndEnvironment() {
		CgiMappings mappings = CgiMappings.from(
				List.of(new PrefixSetting("/slow/", null, Map.of("A", "1"), Duration.ofMinutes(2)),
						new PrefixSetting("/fast", null, Map.of(), null)),
				List.of(), Map.of(), Duration.ofSeconds(30), EventStreamLimitsTests.DEFAULTS, ROOT);
		ScriptPrefix slow = mappings.prefixFor("/slow/x");
		assertThat(slow.path()).isEqualTo("/slow");
		assertThat(slow.timeout()).isEqualTo(Duration.ofMinutes(2));
		assertThat(slow.env()).containsExactly(Map.entry("A", "1"));
		assertThat(slow.target()).isEqualTo(ROOT.resolve("slow"));
		assertThat(slow.configuredTarget()).isFalse();
		assertThat(mappings.prefixFor("/fast").timeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(mappings.defaultTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void eventStreamLimitsBindFromEnvironmentVariablesAndDefaultToAnHourAndFiveMinutes() {
		CgiMappings defaults = CgiConfiguration.mappings(new CgiProperties(), ROOT);
		assertThat(defaults.defaultEventStream()).isEqualTo(EventStreamLimitsTests.DEFAULTS);
		CgiProperties properties = bind(Map.of("CGI_EVENT_STREAM_MAX_DURATION", "2h", "CGI_EVENT_STREAM_IDLE_TIMEOUT",
				"90s", "CGI_PREFIXES_0_PATH", "/live", "CGI_PREFIXES_0_EVENT_STREAM_IDLE_TIMEOUT", "20s"));
		CgiMappings mappings = CgiConfiguration.mappings(properties, ROOT);
		assertThat(mappings.defaultEventStream())
			.isEqualTo(new EventStreamLimits(Duration.ofHours(2), Duration.ofSeconds(90)));
		assertThat(mappings.prefixFor("/live").eventStream())
			.isEqualTo(new EventStreamLimits(Duration.ofHours(2), Duration.ofSeconds(20)));
	}

	@Test
	void prefixKeepsItsOwnEventStreamLimitsAndOthersGetTheServers() {
		EventStreamLimits server = new EventStreamLimits(Duration.ofMinutes(30), Duration.ofMinutes(2));
		CgiMappings mappings = CgiMappings.from(
				List.of(new PrefixSetting("/live", null, Map.of(), null, Duration.ofHours(8), null),
						new PrefixSetting("/plain", null, Map.of(), null)),
				List.of(), Map.of(), Duration.ofSeconds(30), server, ROOT);
		assertThat(mappings.prefixFor("/live/x").eventStream())
			.isEqualTo(new EventStreamLimits(Duration.ofHours(8), Duration.ofMinutes(2)));
		assertThat(mappings.prefixFor("/plain/x").eventStream()).isEqualTo(server);
		assertThat(mappings.defaultEventStream()).isEqualTo(server);
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiMappings.from(
					List.of(new PrefixSetting("/live", null, Map.of(), null, null, Duration.ZERO)), List.of(),
					Map.of(), Duration.ofSeconds(30), server, ROOT))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.prefixes[0].event-stream.idle-timeout"));
	}

	@Test
	void timeoutsThatCanNeverBeReachedStopTheStart() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiMappings.from(List.of(), List.of(), Map.of(), Duration.ZERO, EventStreamLimitsTests.DEFAULTS, ROOT))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.timeout"));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiMappings.from(List.of(new PrefixSetting("/x", null, Map.of(), Duration.ofSeconds(-1))),
					List.of(), Map.of(), Duration.ofSeconds(1), EventStreamLimitsTests.DEFAULTS, ROOT))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.prefixes[0].timeout"));
	}

	@Test
	void anUpgradePrefixKeepsItsOriginsInOneSpelling() {
		CgiMappings mappings = CgiMappings.from(List.of(new PrefixSetting("/ws", null, Map.of(), null, true,
				List.of("https://App.Example.org:443", "http://localhost:8080"))), List.of(), Map.of(),
				Duration.ofSeconds(1), EventStreamLimitsTests.DEFAULTS, ROOT);
		ConnectionUpgrade upgrade = mappings.prefixFor("/ws/x").upgrade();
		assertThat(upgrade.allowed()).isTrue();
		assertThat(upgrade.origins().others()).containsExactlyInAnyOrder("https://app.example.org",
				"http://localhost:8080");
		assertThat(CgiMappings.from(List.of(new PrefixSetting("/cgi-bin", null, Map.of(), null)), List.of(), Map.of(),
				Duration.ofSeconds(1), EventStreamLimitsTests.DEFAULTS, ROOT).prefixFor("/cgi-bin/x").upgrade()).isEqualTo(ConnectionUpgrade.NONE);
	}

	@Test
	void originsThatCanNeverMatchStopTheStart() {
		for (String origin : new String[] { "app.example.org", "https://app.example.org/path", "ftp://example.org",
				"https://user@example.org", "*" }) {
			assertThatExceptionOfType(InvalidConfigurationException.class)
				.isThrownBy(() -> CgiMappings.from(
						List.of(new PrefixSetting("/ws", null, Map.of(), null, true, List.of("https://ok.org", origin))),
						List.of(), Map.of(), Duration.ofSeconds(1), EventStreamLimitsTests.DEFAULTS, ROOT))
				.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.prefixes[0].origins[1]"));
		}
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiMappings.from(
					List.of(new PrefixSetting("/ws", null, Map.of(), null, false, List.of("https://ok.org"))), List.of(),
					Map.of(), Duration.ofSeconds(1), EventStreamLimitsTests.DEFAULTS, ROOT))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.prefixes[0].origins"));
	}

	@Test
	void badExtensionsAndInterpretersStopTheStart() {
		for (String extension : new String[] { "", ".", "c g i", "a.b" }) {
			assertThatExceptionOfType(InvalidConfigurationException.class)
				.isThrownBy(() -> CgiMappings.from(List.of(), List.of(extension), Map.of(), Duration.ofSeconds(1), EventStreamLimitsTests.DEFAULTS, ROOT))
				.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.extensions"));
		}
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiMappings.from(List.of(), List.of(), Map.of("py", " "), Duration.ofSeconds(1), EventStreamLimitsTests.DEFAULTS, ROOT))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.interpreters.py"))
			.withMessageContaining("no program is given");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> CgiMappings.from(List.of(), List.of(), Map.of("p y", "/usr/bin/python3"),
					Duration.ofSeconds(1), EventStreamLimitsTests.DEFAULTS, ROOT))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.interpreters"));
	}

	@Test
	void interpreterProgramIsTrimmed() {
		CgiMappings mappings = CgiMappings.from(List.of(), List.of("cgi", "CGI"), Map.of(".Pl", " /usr/bin/perl "),
				Duration.ofSeconds(1), EventStreamLimitsTests.DEFAULTS, ROOT);
		assertThat(mappings.interpreters()).containsExactly(Map.entry("pl", "/usr/bin/perl"));
		assertThat(mappings.extensions()).containsExactly("cgi");
	}

}
