package org.cgiserver.cgi;

import java.nio.file.Path;
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

}
