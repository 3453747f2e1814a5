package org.cgiserver.files;

import java.util.List;
import java.util.Map;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.Require;
import org.cgiserver.paths.ConfinedFolder;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
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
	SimpleUrlHandlerMapping staticFileHandlerMapping(CgiProperties properties, DocumentRoot documentRoot,
			DocumentResourceHandler resources, ServerProperties server) {
		Boolean precompressed = properties.getPrecompressed();
		boolean siblings = (precompressed != null) ? precompressed
				: Boolean.TRUE.equals(server.getCompression().getEnabled());
		StaticFileHandler handler = new StaticFileHandler(documentRoot, properties.isDirectoryListing(), resources,
				new PrecompressedFiles(documentRoot.folder(), siblings));
		return new SimpleUrlHandlerMapping(Map.of("/**", handler), Ordered.LOWEST_PRECEDENCE - 10);
	}

}
