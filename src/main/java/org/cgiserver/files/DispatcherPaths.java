package org.cgiserver.files;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.cgiserver.cgi.ScriptRequestMapping;

import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The first path segments of everything the dispatcher answers besides the document
 * root and the scripts: the health probes, and the actuator and the status page when
 * they share the site's port. A path whose first segment is not among them can only be
 * answered by the document root, so it is served without asking every handler mapping.
 * A mapping whose paths cannot be read, or one that starts with a pattern, keeps every
 * request on the dispatcher.
 */
final class DispatcherPaths {

	private static final Log logger = LogFactory.getLog(DispatcherPaths.class);

	/** No request is known to be the document root's: everything goes through the dispatcher. */
	static final DispatcherPaths ALL = new DispatcherPaths(null);

	private final @Nullable Set<String> firstSegments;

	private DispatcherPaths(@Nullable Set<String> firstSegments) {
		this.firstSegments = firstSegments;
	}

	/**
	 * Reads the paths of the dispatcher's handler mappings.
	 * @param mappings the handler mappings of the site's context
	 * @param skipped the mappings whose requests are told apart otherwise (the document
	 * root's); those of the scripts ({@link ScriptRequestMapping}) are left out too
	 * @return the paths
	 */
	static DispatcherPaths of(Map<String, HandlerMapping> mappings, Collection<?> skipped) {
		Set<String> segments = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		for (Map.Entry<String, HandlerMapping> entry : mappings.entrySet()) {
			HandlerMapping mapping = entry.getValue();
			// The scripts' mappings are told apart by the scripts' own rule.
			if (mapping instanceof ScriptRequestMapping || skipped.stream().anyMatch((skip) -> skip == mapping)) {
				continue;
			}
			if (!addPaths(mapping, segments)) {
				logger.info("Every request goes through the dispatcher, static files too: the paths of "
						+ entry.getKey() + " cannot be read");
				return ALL;
			}
		}
		DispatcherPaths paths = new DispatcherPaths(segments);
		logger.debug("The dispatcher answers " + paths + "; the document root's other requests are served without it");
		return paths;
	}

	private static boolean addPaths(HandlerMapping mapping, Set<String> segments) {
		if (mapping instanceof RequestMappingInfoHandlerMapping methods) {
			for (RequestMappingInfo info : methods.getHandlerMethods().keySet()) {
				for (String pattern : info.getPatternValues()) {
					if (!addFirstSegment(pattern, segments)) {
						return false;
					}
				}
			}
			return true;
		}
		if (mapping instanceof AbstractUrlHandlerMapping urls) {
			if (urls.getRootHandler() != null) {
				segments.add("");
			}
			return urls.getHandlerMap().keySet().stream().allMatch((pattern) -> addFirstSegment(pattern, segments));
		}
		if (mapping instanceof RouterFunctionMapping functions) {
			if (functions.getRouterFunction() == null) {
				return true;
			}
			List<String> paths = RoutePaths.of(functions.getRouterFunction());
			return paths != null && paths.stream().allMatch((pattern) -> addFirstSegment(pattern, segments));
		}
		return false;
	}

	private static boolean addFirstSegment(String pattern, Set<String> segments) {
		String segment = firstSegment(pattern.startsWith("/") ? pattern : "/" + pattern);
		if (segment.contains("*") || segment.contains("{") || segment.contains("?")) {
			return false;
		}
		segments.add(segment);
		return true;
	}

	private static String firstSegment(String path) {
		int end = path.indexOf('/', 1);
		return path.substring(1, (end < 0) ? path.length() : end);
	}

	/**
	 * Whether a request may be for something of the dispatcher's other than the document
	 * root.
	 * @param decodedPath the decoded, normalized request path
	 * @return {@code false} when only the document root can answer it
	 */
	boolean mayClaim(String decodedPath) {
		return this.firstSegments == null || this.firstSegments.contains(firstSegment(decodedPath));
	}

	@Override
	public String toString() {
		return (this.firstSegments != null) ? "paths starting with " + this.firstSegments : "every path";
	}

}
