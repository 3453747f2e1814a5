package org.cgiserver.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * The path patterns that every route of a router function (such as the status page's,
 * on the site's port) requires, or {@code null} when a route may match paths that no
 * pattern names: one without a path, a path under an alternative or a negation, a
 * resource route, or anything it cannot see into.
 */
final class RoutePaths implements RouterFunctions.Visitor {

	private final List<String> paths = new ArrayList<>();

	private int coveredNesting;

	private int nesting;

	private boolean unreadable;

	private RoutePaths() {
	}

	static @Nullable List<String> of(RouterFunction<?> function) {
		RoutePaths visitor = new RoutePaths();
		function.accept(visitor);
		return visitor.unreadable ? null : visitor.paths;
	}

	@Override
	public void startNested(RequestPredicate predicate) {
		this.nesting++;
		if (this.coveredNesting > 0) {
			this.coveredNesting++;
			return;
		}
		List<String> required = Required.of(predicate);
		if (required == null) {
			this.unreadable = true;
			return;
		}
		this.paths.addAll(required);
		this.coveredNesting = 1;
	}

	@Override
	public void endNested(RequestPredicate predicate) {
		this.nesting--;
		if (this.coveredNesting > 0) {
			this.coveredNesting--;
		}
	}

	@Override
	public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
		if (this.coveredNesting > 0) {
			return;
		}
		List<String> required = Required.of(predicate);
		if (required == null || this.nesting > 0) {
			this.unreadable = true;
			return;
		}
		this.paths.addAll(required);
	}

	@Override
	public void resources(Function<ServerRequest, Optional<Resource>> lookupFunction) {
		this.unreadable = true;
	}

	@Override
	public void attributes(Map<String, Object> attributes) {
	}

	@Override
	public void unknown(RouterFunction<?> routerFunction) {
		this.unreadable = true;
	}

	/**
	 * The paths a predicate requires: those it is a conjunction with.
	 */
	private static final class Required implements RequestPredicates.Visitor {

		private final List<String> paths = new ArrayList<>();

		private int alternatives;

		private boolean unreadable;

		static @Nullable List<String> of(RequestPredicate predicate) {
			Required visitor = new Required();
			predicate.accept(visitor);
			return (visitor.unreadable || visitor.paths.isEmpty()) ? null : visitor.paths;
		}

		@Override
		public void path(String pattern) {
			if (this.alternatives > 0) {
				this.unreadable = true;
			}
			this.paths.add(pattern);
		}

		@Override
		public void startOr() {
			this.alternatives++;
		}

		@Override
		public void endOr() {
			this.alternatives--;
		}

		@Override
		public void startNegate() {
			this.alternatives++;
		}

		@Override
		public void endNegate() {
			this.alternatives--;
		}

		@Override
		public void method(Set<HttpMethod> methods) {
		}

		@Override
		public void pathExtension(String extension) {
		}

		@Override
		public void header(String name, String value) {
		}

		@Override
		public void param(String name, String value) {
		}

		@Override
		public void version(String version) {
		}

		@Override
		public void startAnd() {
		}

		@Override
		public void and() {
		}

		@Override
		public void endAnd() {
		}

		@Override
		public void or() {
		}

		@Override
		public void unknown(RequestPredicate predicate) {
		}

	}

}
