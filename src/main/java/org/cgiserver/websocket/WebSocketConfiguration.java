package org.cgiserver.websocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.cgiserver.cgi.CgiMappings;
import org.cgiserver.cgi.PageOrigins;
import org.cgiserver.cgi.ProcessSpecFactory;
import org.cgiserver.cgi.ScriptResolver;
import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.Require;
import org.cgiserver.config.WebSocketProperties;
import org.cgiserver.files.DocumentRoot;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.process.SessionSlots;
import org.cgiserver.threads.DaemonThreads;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * WebSocket sessions of the prefixes marked {@code websocket}: their handshake, their
 * cap and limits, and their scripts.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

	private static final DataSize MIN_MESSAGE_SIZE = DataSize.ofKilobytes(1);

	/** Larger messages are gathered in parts; past this, a few would fill the heap. */
	private static final DataSize MAX_MESSAGE_SIZE = DataSize.ofMegabytes(16);

	/**
	 * The container's buffers for every session's incoming messages: one part of a message
	 * each, since the sessions' handler takes messages in parts.
	 */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(ScriptSocketHandler.MESSAGE_PART);
		container.setMaxBinaryMessageBufferSize(ScriptSocketHandler.MESSAGE_PART);
		return container;
	}

	@Bean
	ScriptSessions scriptSessions(SessionSlots slots, CgiProperties cgi) {
		return new ScriptSessions(slots, cgi.getKillGrace());
	}

	@Bean
	SessionMetrics webSocketSessionMetrics(ObjectProvider<MeterRegistry> registry, ScriptSessions sessions) {
		return new SessionMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), sessions);
	}

	/**
	 * Spring's handshake, for the scripts of WebSocket prefixes: checks the Origin, takes a
	 * session slot, and hands the connection to the session's handler.
	 */
	@Bean
	WebSocketHttpRequestHandler scriptSocketUpgrade(WebSocketProperties properties, ScriptSessions sessions,
			SessionMetrics metrics, ProcessSpecFactory specs, ProcessExecutionService processes, CgiProperties cgi) {
		int maxMessage = maxMessageSize(properties);
		Require.positive("cgi.websocket.max-duration", properties.getMaxDuration());
		// Each session's output is read by a task of its own, which waits while the script is silent.
		Executor pumps = processes.conversationReaders();
		ScheduledExecutorService scheduler = DaemonThreads.scheduler("ws-sessions");
		Duration pingInterval = properties.getPingInterval();
		if (pingInterval.isNegative()) {
			throw new InvalidConfigurationException("cgi.websocket.ping-interval", pingInterval,
					"it must be positive, or zero to send no pings");
		}
		ScriptSocketHandler handler = new ScriptSocketHandler(processes, sessions, metrics,
				new SessionLog(metrics, cgi.isAccessLog(), cgi.getAccessLogFormat()), maxMessage, pingInterval, pumps,
				DaemonThreads.reused("ws-input"), scheduler);
		WebSocketHttpRequestHandler upgrade = new WebSocketHttpRequestHandler(handler, new DefaultHandshakeHandler());
		upgrade.setHandshakeInterceptors(List.of(new OriginCheck(
				PageOrigins.of(properties.getAllowedOrigins(), "cgi.websocket.allowed-origins", true)),
				new SessionAdmission(sessions, specs, properties.getMaxDuration())));
		return upgrade;
	}

	@Bean
	SocketHandlerMapping socketHandlerMapping(CgiProperties properties, CgiMappings mappings,
			DocumentRoot documentRoot, WebSocketHttpRequestHandler scriptSocketUpgrade, ScriptSessions sessions) {
		SocketHandlerMapping mapping = new SocketHandlerMapping(SocketPrefixes.of(properties.getPrefixes(), mappings),
				new ScriptResolver(mappings, documentRoot.folder()), new SocketHandshake(scriptSocketUpgrade, sessions));
		// Before the CGI handler (10), which serves the other prefixes.
		mapping.setOrder(9);
		return mapping;
	}

	static int maxMessageSize(WebSocketProperties properties) {
		DataSize size = properties.getMaxMessageSize();
		if (size.compareTo(MIN_MESSAGE_SIZE) < 0 || size.compareTo(MAX_MESSAGE_SIZE) > 0) {
			throw new InvalidConfigurationException("cgi.websocket.max-message-size", size, "it must be between "
					+ MIN_MESSAGE_SIZE.toKilobytes() + "KB and " + MAX_MESSAGE_SIZE.toMegabytes() + "MB");
		}
		return (int) size.toBytes();
	}

}
