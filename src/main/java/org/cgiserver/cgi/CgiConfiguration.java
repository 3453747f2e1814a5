package org.cgiserver.cgi;

import java.time.Duration;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.files.DocumentRoot;
import org.cgiserver.process.ProcessExecutionService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The CGI engine: mappings checked at start, and the handler that runs scripts.
 */
@Configuration(proxyBeanMethods = false)
class CgiConfiguration {

	/** How often the connections of running scripts are checked: a disconnect is noticed within about a second. */
	private static final Duration DISCONNECT_CHECK_INTERVAL = Duration.ofMillis(500);

	@Bean
	CgiMappings cgiMappings(CgiProperties properties, DocumentRoot documentRoot) {
		return CgiMappings.from(properties, documentRoot.path());
	}

	@Bean
	ClientDisconnectWatcher clientDisconnectWatcher() {
		return ClientDisconnectWatcher.overKernelTables(DISCONNECT_CHECK_INTERVAL);
	}

	@Bean
	CgiHandlerMapping cgiHandlerMapping(CgiProperties properties, CgiMappings mappings, DocumentRoot documentRoot,
			ProcessExecutionService processes, ObjectProvider<ScriptRunListener> listeners,
			ClientDisconnectWatcher disconnects, ObjectProvider<BuildProperties> build) {
		ScriptResolver resolver = new ScriptResolver(mappings, documentRoot.folder(),
				properties.isFollowSymlinksOutsideRoot(), properties.isServeHidden(), properties.getTimeout());
		BuildProperties buildProperties = build.getIfAvailable();
		String software = "cgiserver" + ((buildProperties != null) ? "/" + buildProperties.getVersion() : "");
		CgiEnvironment environment = new CgiEnvironment(
				CgiEnvironment.inherit(properties.getPassEnv(), System.getenv()), properties.getEnv(),
				properties.isPassAuthorization(), software, documentRoot.path());
		ScriptOutputParser parser = new ScriptOutputParser((int) properties.getMaxHeaderSize().toBytes());
		ScriptRunListener listener = new CompositeScriptRunListener(listeners.orderedStream().toList());
		CgiController.CgiSettings settings = new CgiController.CgiSettings(properties.getMaxRequestBody().toBytes(),
				properties.getMaxLocalRedirects(), properties.isCommandLineArguments(), properties.getIdleTimeout());
		CgiController controller = new CgiController(environment, parser, processes, listener, disconnects, settings);
		CgiHandlerMapping mapping = new CgiHandlerMapping(resolver, controller);
		// After actuator (-100) and annotated controllers such as /error (0).
		mapping.setOrder(10);
		return mapping;
	}

}
