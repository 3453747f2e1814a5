package org.cgiserver.errors;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;

/**
 * The page a browser gets for an error status: the operator's page for that status when
 * {@code cgi.error-pages} names one, else a short built-in page saying what happened to
 * which path. API clients keep Spring Boot's JSON body, and a script's own error
 * response is never replaced (it is not an error of the server's).
 */
final class ErrorPages implements ErrorViewResolver {

	private final Map<Integer, View> operatorPages;

	private final View builtIn;

	/**
	 * @param operatorPages the operator's page files by status, checked at start
	 * @param serverName the name the built-in page signs with
	 */
	ErrorPages(Map<Integer, Path> operatorPages, String serverName) {
		this.builtIn = new BuiltInErrorPage(serverName);
		this.operatorPages = operatorPages.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
					(entry) -> new OperatorErrorPage(entry.getValue(), this.builtIn)));
	}

	@Override
	public @Nullable ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status,
			Map<String, Object> model) {
		ModelAndView view = new ModelAndView(this.operatorPages.getOrDefault(status.value(), this.builtIn), model);
		view.setStatus(status);
		return view;
	}

}
