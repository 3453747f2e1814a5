package org.cgiserver.cgi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.config.Require;
import org.cgiserver.config.WebSocketProperties;
import org.cgiserver.connection.ClientDisconnectWatcher;
import org.cgiserver.connection.ConnectionShutdown;
import org.cgiserver.files.DocumentRoot;
import org.cgiserver.files.HandedOverFiles;
import org.cgiserver.paths.ServedPaths;
import org.cgiserver.process.Confinements;
import org.cgiserver.process.ProcessExecutionService;
import org.cgiserver.process.RunPolicy;
import org.cgiserver.process.SessionSlots;
import org.cgiserver.threads.DaemonThreads;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The CGI engine: mappings checked at start, and the handler that runs scripts.
 */
@Configuration(proxyBeanMethods = false)
class CgiConfiguration {

	private static final DataSize MIN_HEADER_SIZE = DataSize.ofKilobytes(1);

	/** Every connection being served holds a response head buffer of this size and more. */
	private static final DataSize MAX_HEADER_SIZE = DataSize.ofMegabytes(1);

	@Bean
	CgiMappings cgiMappings(CgiProperties properties, DocumentRoot documentRoot, Confinements confinements) {
		CgiMappings mappings = mappings(properties, documentRoot.path(), confinements::ofPrefix);
		ScriptFolderAccess.check(mappings, confinements);
		return mappings;
	}

	/**
	 * What request paths serve, for the access rules: found by the same mappings as the
	 * scripts that run.
	 */
	@Bean
	ServedPaths servedPaths(CgiMappings mappings, DocumentRoot documentRoot) {
		return new ServedPathResolver(new ScriptResolver(mappings, documentRoot.folder()), documentRoot,
				new SiteUrls(documentRoot.path(), mappings.prefixes()));
	}

	/**
	 * The mappings the properties describe.
	 * @param properties the settings
	 * @param documentRoot the real path of the document root
	 * @return the validated mappings
	 */
	static CgiMappings mappings(CgiProperties properties, Path documentRoot) {
		return mappings(properties, documentRoot, (index) -> RunPolicy.DEFAULT);
	}

	private static CgiMappings mappings(CgiProperties properties, Path documentRoot,
			IntFunction<RunPolicy> policies) {
		List<CgiProperties.Prefix> configured = properties.getPrefixes();
		List<PrefixSetting> prefixes = new ArrayList<>(configured.size());
		for (int i = 0; i < configured.size(); i++) {
			CgiProperties.Prefix prefix = configured.get(i);
			prefixes.add(new PrefixSetting(prefix.getPath(), prefix.getTarget(), prefix.getEnv(), prefix.getTimeout(),
					prefix.getEventStream().getMaxDuration(), prefix.getEventStream().getIdleTimeout(),
					prefix.isUpgrade(), prefix.getOrigins(), policies.apply(i)));
		}
		CgiProperties.EventStream eventStream = properties.getEventStream();
		return CgiMappings.from(prefixes, properties.getExtensions(), properties.getInterpreters(),
				properties.getTimeout(), EventStreamLimits.of("cgi.event-stream", eventStream.getMaxDuration(),
						eventStream.getIdleTimeout()),
				documentRoot);
	}

	private static RequestBodies requestBodies(CgiProperties properties) {
		CgiProperties.RequestSpool spool = properties.getRequestSpool();
		Path configured = spool.getFolder();
		SpoolFolder folder = new SpoolFolder(Require.writableFolder("cgi.request-spool.folder",
				(configured != null) ? configured : Path.of(System.getProperty("java.io.tmpdir"))));
		folder.removeLeftovers();
		long memory = spool.getMemory().toBytes();
		if (memory < 0 || memory > Integer.MAX_VALUE - 8) {
			throw new InvalidConfigurationException("cgi.request-spool.memory", spool.getMemory(),
					"it must be between 0 and 2GB");
		}
		return new RequestBodies(properties.getMaxRequestBody().toBytes(), (int) memory, folder,
				DaemonThreads.forBlockingIo("cgi-upload"));
	}

	/**
	 * The largest header block of a script, as it is read and as it is sent; the
	 * container's response head is sized from it.
	 */
	static int maxHeaderSize(CgiProperties properties) {
		DataSize size = properties.getMaxHeaderSize();
		if (size.compareTo(MIN_HEADER_SIZE) < 0 || size.compareTo(MAX_HEADER_SIZE) > 0) {
			throw new InvalidConfigurationException("cgi.max-header-size", size, "it must be between "
					+ MIN_HEADER_SIZE.toKilobytes() + "KB and " + MAX_HEADER_SIZE.toKilobytes() + "KB");
		}
		return (int) size.toBytes();
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> scriptHeaderRoom(CgiProperties properties) {
		return new ScriptHeaderRoom(maxHeaderSize(properties));
	}

	/**
	 * What to run for a script and a request; WebSocket sessions start their scripts with
	 * it too, so that they get the same command and environment.
	 */
	@Bean
	ProcessSpecFactory processSpecFactory(CgiProperties properties, DocumentRoot documentRoot,
			ObjectProvider<BuildProperties> build) {
		BuildProperties buildProperties = build.getIfAvailable();
		String software = "cgiserver" + ((buildProperties != null) ? "/" + buildProperties.getVersion() : "");
		CgiEnvironment environment = new CgiEnvironment(
				CgiEnvironment.inherit(properties.getPassEnv(), System.getenv()), properties.getEnv(),
				properties.isPassAuthorization(), software, documentRoot.path());
		return new ProcessSpecFactory(environment, properties.isCommandLineArguments(), properties.getIdleTimeout());
	}

	@Bean
	CgiHandlerMapping cgiHandlerMapping(CgiProperties properties, CgiMappings mappings, DocumentRoot documentRoot,
			ProcessExecutionService processes, ObjectProvider<ScriptRunListener> listeners,
			ClientDisconnectWatcher disconnects, ConnectionShutdown connectionShutdown, HandedOverFiles handedOverFiles,
			ProcessSpecFactory specs, SessionSlots sessionSlots, WebSocketProperties webSocket) {
		Refusals refusals = new Refusals();
		CgiController controller = new CgiController(requestBodies(properties), refusals, specs, processes,
				disconnects,
				new ScriptResponseWriter(new ScriptOutputParser(maxHeaderSize(properties)), refusals,
						new HandedOverResponse(handedOverFiles),
						new ScriptPipes(DaemonThreads.reused("cgi-pipe"), connectionShutdown, sessionSlots,
								webSocket.getMaxDuration())),
				new LocalRedirects(properties.getMaxLocalRedirects()),
				new RunRecorder(new CompositeScriptRunListener(listeners.orderedStream().toList())));
		CgiHandlerMapping mapping = new CgiHandlerMapping(new ScriptResolver(mappings, documentRoot.folder()),
				controller);
		// After actuator (-100) and annotated controllers such as /error (0).
		mapping.setOrder(10);
		return mapping;
	}

}
