package org.cgiserver.files;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.cgiserver.cgi.CgiMappings;
import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.Require;
import org.cgiserver.paths.ConfinedFolder;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.FileSystemResource;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Static files: the document root, mapped below every other handler (actuator, CGI).
 */
@Configuration(proxyBeanMethods = false)
class FilesConfiguration {


	@Bean
	DocumentRoot documentRoot(CgiProperties properties) {
		return new DocumentRoot(new ConfinedFolder(Require.readableFolder("cgi.document-root", properties.getDocumentRoot()),
				properties.isFollowSymlinksOutsideRoot(), properties.isServeHidden()), properties.getIndexFiles());
	}

	@Bean
	DocumentResourceHandler documentResourceHandler(DocumentRoot documentRoot, ServerProperties server) {
		DocumentResourceHandler handler = new DocumentResourceHandler(new StaticCompression(server.getCompression()));
		handler.setLocations(List.of(new FileSystemResource(documentRoot.path() + "/")));
		return handler;
	}

	@Bean
	HandedOverFiles handedOverFiles(CgiProperties properties, DocumentResourceHandler resources) {
		return new HandedOverFiles(HandedOverFiles.folders(properties.getXSendfile().getFolders()), resources);
	}

	@Bean
	StaticFileHandler staticFileHandler(CgiProperties properties, DocumentRoot documentRoot,
			DocumentResourceHandler resources, ServerProperties server) {
		Boolean precompressed = properties.getPrecompressed();
		boolean siblings = (precompressed != null) ? precompressed
				: Boolean.TRUE.equals(server.getCompression().getEnabled());
		return new StaticFileHandler(documentRoot, properties.isDirectoryListing(), resources,
				new PrecompressedFiles(documentRoot.folder(), siblings), new SmallFiles(Clock.systemUTC()));
	}

	@Bean
	SimpleUrlHandlerMapping staticFileHandlerMapping(StaticFileHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of("/**", handler), Ordered.LOWEST_PRECEDENCE - 10);
	}

	/**
	 * The document root's GET and HEAD requests, answered last in the filter chain rather
	 * than through the dispatcher: measured, the dispatcher's search for the handler was
	 * the largest part of a small file's time on the server (see bench/README.md).
	 */
	@Bean
	FilterRegistrationBean<StaticRequestFilter> staticRequestFilter(StaticFileHandler handler, CgiMappings scripts,
			ListableBeanFactory beans, SimpleUrlHandlerMapping staticFileHandlerMapping,
			ObjectProvider<DispatcherServletPath> dispatcherPath) {
		Supplier<DispatcherPaths> dispatcher = SingletonSupplier
			.of(() -> DispatcherPaths.of(beans.getBeansOfType(HandlerMapping.class), List.of(staticFileHandlerMapping)));
		FilterRegistrationBean<StaticRequestFilter> registration = new FilterRegistrationBean<>(
				new StaticRequestFilter(handler, scripts::mayRun, dispatcher));
		registration.setOrder(Ordered.LOWEST_PRECEDENCE);
		// A dispatcher mapped below the root (spring.mvc.servlet.path) answers nothing
		// outside its path: the filter must not either.
		DispatcherServletPath path = dispatcherPath.getIfAvailable();
		registration.setEnabled(path == null || path.getPath().isEmpty() || "/".equals(path.getPath()));
		return registration;
	}

}
