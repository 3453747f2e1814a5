package org.cgiserver.monitor;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the live status page ({@code cgi.status-page.*}) shows that the run history does
 * not keep: the scripts running now and the last minutes. The page itself is served with
 * the actuator ({@link StatusPageManagementContextConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "cgi.status-page.enabled", matchIfMissing = true)
class StatusPageConfiguration {

	/** Five-second intervals over ten minutes: fine enough to watch, long enough to compare. */
	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private static final int INTERVALS = 120;

	@Bean
	RunningScripts runningScripts() {
		return new RunningScripts();
	}

	@Bean
	RunTimeline runTimeline() {
		return new RunTimeline(Clock.systemUTC(), INTERVAL, INTERVALS);
	}

}
