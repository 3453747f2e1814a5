package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The interpreter map: Python by default, changed or switched off per extension.
 */
class InterpreterMappingTests {

	private static final Path ROOT = Path.of("/srv/www");

	private static CgiMappings mappings(Map<String, String> interpreters) {
		return CgiMappings.from(List.of(), List.of(), interpreters, Duration.ofSeconds(60), EventStreamLimitsTests.DEFAULTS, ROOT);
	}

	@Test
	void pythonRunsWithPython3ByDefault() {
		assertThat(CgiConfiguration.mappings(new CgiProperties(), ROOT).interpreters()).containsEntry("py", "python3");
	}

	@Test
	void noneSwitchesAnInterpreterOff() {
		assertThat(mappings(Map.of("py", "none", "pl", "perl")).interpreters()).containsOnlyKeys("pl");
		assertThat(mappings(Map.of("py", " NONE ")).interpreters()).isEmpty();
	}

	@Test
	void aBlankInterpreterStopsTheStart() {
		assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> mappings(Map.of("py", " ")))
			.withMessageContaining("cgi.interpreters.py")
			.withMessageContaining("no program is given");
	}

}
