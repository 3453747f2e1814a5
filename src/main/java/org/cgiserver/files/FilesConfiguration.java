package org.cgiserver.files;

import java.util.Map;

import org.cgiserver.config.CgiProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.FileSystemResource;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Static files: the document root, mapped below every other handler (actuator, CGI).
 */
@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

	@Bean
	DocumentRoot documentRoot(CgiProperties properties) {
		return DocumentRoot.open(properties);
	}

	@Bean
	DocumentResourceHandler documentResourceHandler(DocumentRoot documentRoot) {
		DocumentResourceHandler handler = new DocumentResourceHandler();
		handler.setLocations(java.util.List.of(new FileSystemResource(documentRoot.path() + "/")));
		return handler;
	}

	@Bean
	SimpleUrlHandlerMapping staticFileHandlerMapping(CgiProperties properties, DocumentRoot documentRoot,
			DocumentResourceHandler resources) {
		StaticFileHandler handler = new StaticFileHandler(documentRoot.folder(), properties.getIndexFiles(),
				properties.isDirectoryListing(), resources);
		return new SimpleUrlHandlerMapping(Map.of("/**", handler), Ordered.LOWEST_PRECEDENCE - 10);
	}

}
