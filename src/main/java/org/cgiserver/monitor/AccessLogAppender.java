package org.cgiserver.monitor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.cgiserver.config.AccessLogOutput;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.Require;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Sends the lines of the {@link AccessLogValve#LOGGER access logger} bare, without the
 * server's log pattern, to standard output or to a file of their own, through Logback's
 * own appenders: a file is rotated by Logback's size-and-time policy, with the settings
 * of the server's own log file ({@code logging.logback.rollingpolicy.*}). Lines then no
 * longer reach the server's log. With {@link AccessLogOutput#LOG} it changes nothing.
 */
final class AccessLogAppender implements DisposableBean {

	private static final String PROPERTY = "cgi.access-log-output";

	private final @Nullable OutputStreamAppender<ILoggingEvent> appender;

	private final @Nullable Logger logger;

	AccessLogAppender(AccessLogOutput output, @Nullable Path file, Environment environment) {
		if (output == AccessLogOutput.LOG) {
			this.appender = null;
			this.logger = null;
			return;
		}
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			throw new InvalidConfigurationException(PROPERTY, output,
					"bare lines need Logback, Spring Boot's default logging system");
		}
		this.appender = (output == AccessLogOutput.FILE) ? rollingFile(context, file, environment)
				: new ConsoleAppender<>();
		this.appender.setContext(context);
		this.appender.setName("cgiserver-access");
		this.appender.setEncoder(bareLines(context));
		this.appender.start();
		if (!this.appender.isStarted()) {
			throw new InvalidConfigurationException("cgi.access-log-file", file, "Logback could not open it");
		}
		this.logger = context.getLogger(AccessLogValve.LOGGER);
		this.logger.addAppender(this.appender);
		this.logger.setAdditive(false);
	}

	private static PatternLayoutEncoder bareLines(LoggerContext context) {
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern("%msg%n");
		encoder.setCharset(StandardCharsets.UTF_8);
		encoder.start();
		return encoder;
	}

	private static RollingFileAppender<ILoggingEvent> rollingFile(LoggerContext context, @Nullable Path configured,
			Environment environment) {
		if (configured == null) {
			throw new InvalidConfigurationException("cgi.access-log-file", null,
					"cgi.access-log-output is file: name the file");
		}
		Path file = configured.toAbsolutePath().normalize();
		Require.writableFolder("cgi.access-log-file", file.getParent());
		Binder binder = Binder.get(environment);
		RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
		appender.setContext(context);
		appender.setFile(file.toString());
		SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
		policy.setContext(context);
		policy.setParent(appender);
		policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
		policy.setMaxFileSize(size(binder, "max-file-size", DataSize.ofMegabytes(10)));
		policy.setMaxHistory(binder.bind("logging.logback.rollingpolicy.max-history", Integer.class).orElse(7));
		policy.setTotalSizeCap(size(binder, "total-size-cap", DataSize.ofBytes(0)));
		policy.setCleanHistoryOnStart(
				binder.bind("logging.logback.rollingpolicy.clean-history-on-start", Boolean.class).orElse(false));
		policy.start();
		appender.setRollingPolicy(policy);
		return appender;
	}

	/** Spring Boot's defaults for its own log file. */
	private static FileSize size(Binder binder, String name, DataSize otherwise) {
		DataSize size = binder.bind("logging.logback.rollingpolicy." + name, DataSize.class).orElse(otherwise);
		return new FileSize(size.toBytes());
	}

	@Override
	public void destroy() {
		if (this.logger != null && this.appender != null) {
			this.logger.detachAppender(this.appender);
			this.logger.setAdditive(true);
			this.appender.stop();
		}
	}

}
