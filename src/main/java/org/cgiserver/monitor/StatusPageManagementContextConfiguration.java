package org.cgiserver.monitor;

import java.time.Clock;

import org.cgiserver.config.Require;
import org.cgiserver.config.StatusPageProperties;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.websocket.SessionMetrics;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The live status page, served where the actuator is: on the management port when
 * {@code management.server.port} gives it one, else on the site's port. It shows what
 * the actuator shows, so it is as private; who may open it is decided by the access
 * rules, like any other path.
 *
 * <p>Imported from {@code META-INF/spring/...ManagementContextConfiguration.imports}, into
 * the management server's context; component scanning leaves it out, which would serve
 * it on the site's port too.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "cgi.status-page.enabled", matchIfMissing = true)
class StatusPageManagementContextConfiguration {

	@Bean
	RouterFunction<ServerResponse> statusPageRoutes(StatusPageProperties properties, RunHistory history,
			RunningScripts running, RunTimeline timeline, ProcessExecutionService processes, SessionMetrics sessions) {
		String path = Require.urlPath("cgi.status-page.path", properties.getPath());
		StatusPage page = new StatusPage(history, running, timeline, processes, sessions::report, Clock.systemUTC());
		return RouterFunctions.route().GET(path, page::page).GET(path + "/data", page::data).build();
	}

}
