package org.cgiserver.cgi;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.cgiserver.config.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An event stream's limits: each positive, a prefix's own in place of the server's.
 */
class EventStreamLimitsTests {

	/** The limits of cgi.event-stream as shipped. */
	static final EventStreamLimits DEFAULTS = new EventStreamLimits(Duration.ofHours(1), Duration.ofMinutes(5));

	@Test
	void limitsThatCanNeverBeReachedStopTheStartNamingTheProperty() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> EventStreamLimits.of("cgi.event-stream", Duration.ZERO, Duration.ofMinutes(5)))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.event-stream.max-duration"));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> EventStreamLimits.of("cgi.event-stream", Duration.ofHours(1), Duration.ofSeconds(-1)))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.event-stream.idle-timeout"));
	}

	@Test
	void prefixSetsEitherLimitInPlaceOfTheServers() {
		assertThat(DEFAULTS.overriddenBy("cgi.prefixes[0].event-stream", null, Duration.ofSeconds(30)))
			.isEqualTo(new EventStreamLimits(Duration.ofHours(1), Duration.ofSeconds(30)));
		assertThat(DEFAULTS.overriddenBy("cgi.prefixes[0].event-stream", Duration.ofHours(8), null))
			.isEqualTo(new EventStreamLimits(Duration.ofHours(8), Duration.ofMinutes(5)));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> DEFAULTS.overriddenBy("cgi.prefixes[2].event-stream", Duration.ZERO, null))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cgi.prefixes[2].event-stream.max-duration"));
	}

}
