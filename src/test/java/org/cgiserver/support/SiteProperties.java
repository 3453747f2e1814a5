package org.cgiserver.support;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The properties of a server that serves a {@link TestSite}: registers the site's
 * document root, then whatever a test class sets on top, in a few chained calls.
 *
 * <pre>
 * &#64;DynamicPropertySource
 * static void properties(DynamicPropertyRegistry registry) {
 * 	site.serve(registry).env("FLAGS", site.path("flags")).set("cgi.timeout", "1s");
 * }
 * </pre>
 */
public final class SiteProperties {

	private final DynamicPropertyRegistry registry;

	private int prefixes;

	SiteProperties(TestSite site, DynamicPropertyRegistry registry) {
		this.registry = registry;
		set("cgi.document-root", site.www());
	}

	/** Sets a property. */
	public SiteProperties set(String name, Object value) {
		String text = value.toString();
		this.registry.add(name, () -> text);
		return this;
	}

	/** Sets {@code cgi.env.NAME}: a variable every script gets. */
	public SiteProperties env(String name, Object value) {
		return set("cgi.env." + name, value);
	}

	/**
	 * Adds the next entry of {@code cgi.prefixes}; the first one replaces the default
	 * prefixes.
	 * @param path the URL path
	 * @param settings more settings of the prefix, as {@code key=value} relative to it
	 * ({@code "timeout=60s"}, {@code "env.MODE=test"})
	 */
	public SiteProperties prefix(String path, String... settings) {
		String prefix = "cgi.prefixes[" + this.prefixes++ + "].";
		set(prefix + "path", path);
		for (String setting : settings) {
			int equals = setting.indexOf('=');
			set(prefix + setting.substring(0, equals), setting.substring(equals + 1));
		}
		return this;
	}

	/** Adds the next entry of {@code cgi.prefixes}, for a folder or a program. */
	public SiteProperties prefix(String path, Path target, String... settings) {
		prefix(path, settings);
		return set("cgi.prefixes[" + (this.prefixes - 1) + "].target", target);
	}

}
