package org.cgiserver.monitor;

import java.time.Clock;
import java.time.Duration;

import org.cgiserver.config.Require;
import org.cgiserver.config.StatusPageProperties;
import org.cgiserver.process.ProcessExecutionService;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The live status page ({@code cgi.status-page.*}); who may open it is decided by the
 * access rules, like any other path.
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

	@Bean
	RouterFunction<ServerResponse> statusPageRoutes(StatusPageProperties properties, RunHistory history,
			RunningScripts running, RunTimeline timeline, ProcessExecutionService processes) {
		String path = Require.urlPath("cgi.status-page.path", properties.getPath());
		StatusPage page = new StatusPage(history, running, timeline, processes, Clock.systemUTC());
		return RouterFunctions.route().GET(path, page::page).GET(path + "/data", page::data).build();
	}

}
