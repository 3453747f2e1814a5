package org.cgiserver.errors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;
import org.cgiserver.files.DocumentRoot;
import org.cgiserver.paths.ConfinedFolder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Error pages: {@code cgi.error-pages} checked at start against the document root.
 */
@Configuration(proxyBeanMethods = false)
class ErrorPagesConfiguration {

	/** Before Spring Boot's resolver, whose fallback is the whitelabel page. */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ErrorPages errorPages(CgiProperties properties, DocumentRoot documentRoot) {
		Map<Integer, Path> pages = new LinkedHashMap<>();
		properties.getErrorPages().forEach((status, page) -> pages.put(status, page(status, page, documentRoot)));
		return new ErrorPages(pages, "cgiserver");
	}

	private static Path page(int status, String page, DocumentRoot documentRoot) {
		String property = "cgi.error-pages." + status;
		if (status < 400 || status > 599) {
			throw new InvalidConfigurationException(property, page, "only error statuses (400 to 599) have pages");
		}
		List<String> segments = page.startsWith("/") ? ConfinedFolder.segments(page) : null;
		if (segments == null) {
			throw new InvalidConfigurationException(property, page,
					"it must be a path in the document root, starting with '/'");
		}
		Path file = documentRoot.folder().resolve(segments);
		if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
			throw new InvalidConfigurationException(property, page,
					"the document root has no readable file there");
		}
		return file;
	}

}
