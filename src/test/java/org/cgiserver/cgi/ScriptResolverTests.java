package org.cgiserver.cgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.cgiserver.paths.ConfinedFolder;
import org.cgiserver.support.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptResolverTests {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration PREFIX_TIMEOUT = Duration.ofSeconds(5);

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static Path root;

	static Path program;

	static ScriptResolver resolver;

	@BeforeAll
	static void layout() throws IOException {
		root = site.folder("www");
		site.script("www/cgi-bin/hello.sh", "#!/bin/sh\n");
		site.script("www/cgi-bin/sub/deep.sh", "#!/bin/sh\n");
		site.script("www/cgi-bin/nph-raw.sh", "#!/bin/sh\n");
		site.script("www/cgi-bin/.hidden.sh", "#!/bin/sh\n");
		site.file("www/cgi-bin/plain.txt", "not a program");
		site.file("www/cgi-bin/tool.PY", "print()");
		site.script("www/docs/page.cgi", "#!/bin/sh\n");
		site.file("www/docs/readme.cgi", "not a program");
		site.file("www/docs/page.html", "<p>");
		site.folder("www/docs/folder.cgi");
		site.script("www/.private/hidden.cgi", "#!/bin/sh\n");
		Path outside = site.script("outside/evil.sh", "#!/bin/sh\n");
		Files.createSymbolicLink(root.resolve("cgi-bin/escape.sh"), outside);
		Files.createSymbolicLink(root.resolve("cgi-bin/device"), Path.of("/dev/null"));
		program = site.script("bin/nph-handler", "#!/bin/sh\n");
		site.script("scripts/job.sh", "#!/bin/sh\n");
		CgiMappings mappings = CgiMappings.from(
				List.of(new PrefixSetting("/cgi-bin", null, Map.of("PREFIX", "cgi-bin"), PREFIX_TIMEOUT),
						new PrefixSetting("/run", program, Map.of(), null),
						new PrefixSetting("/scripts", site.root().resolve("scripts"), Map.of(), null),
						new PrefixSetting("/absent", null, Map.of(), null)),
				List.of("cgi"), Map.of("py", "/usr/bin/python3"), DEFAULT_TIMEOUT, EventStreamLimitsTests.DEFAULTS, root);
		resolver = new ScriptResolver(mappings, new ConfinedFolder(root, false, false));
	}

	private static Script found(@Nullable ScriptLookup lookup) {
		assertThat(lookup).isInstanceOf(ScriptLookup.Found.class);
		return ((ScriptLookup.Found) lookup).script();
	}

	private static String forbidden(@Nullable ScriptLookup lookup) {
		assertThat(lookup).isInstanceOf(ScriptLookup.Forbidden.class);
		return ((ScriptLookup.Forbidden) lookup).reason();
	}

	@Test
	void scriptUnderPrefixWithPathInfo() {
		Script script = found(resolver.resolve("/cgi-bin/hello.sh/extra/hello.sh"));
		assertThat(script.scriptName()).isEqualTo("/cgi-bin/hello.sh");
		assertThat(script.pathInfo()).isEqualTo("/extra/hello.sh");
		assertThat(script.file()).isEqualTo(root.resolve("cgi-bin/hello.sh"));
		assertThat(script.interpreter()).isNull();
		assertThat(script.nph()).isFalse();
		assertThat(script.env()).containsExactly(Map.entry("PREFIX", "cgi-bin"));
		assertThat(script.timeout()).isEqualTo(PREFIX_TIMEOUT);
	}

	@Test
	void scriptWithoutPathInfo() {
		Script script = found(resolver.resolve("/cgi-bin/hello.sh"));
		assertThat(script.scriptName()).isEqualTo("/cgi-bin/hello.sh");
		assertThat(script.pathInfo()).isEmpty();
	}

	@Test
	void scriptInASubfolder() {
		Script script = found(resolver.resolve("/cgi-bin/sub/deep.sh/sub"));
		assertThat(script.scriptName()).isEqualTo("/cgi-bin/sub/deep.sh");
		assertThat(script.pathInfo()).isEqualTo("/sub");
		assertThat(script.file()).isEqualTo(root.resolve("cgi-bin/sub/deep.sh"));
	}

	@Test
	void nphScriptIsKnownByItsName() {
		assertThat(found(resolver.resolve("/cgi-bin/nph-raw.sh")).nph()).isTrue();
	}

	@Test
	void fileThatCannotRunIsForbiddenUnlessAnInterpreterIsMapped() {
		assertThat(forbidden(resolver.resolve("/cgi-bin/plain.txt"))).contains("not executable");
		Script script = found(resolver.resolve("/cgi-bin/tool.PY"));
		assertThat(script.interpreter()).isEqualTo("/usr/bin/python3");
	}

	@Test
	void missingAndHiddenScriptsAreNotFound() {
		assertThat(resolver.resolve("/cgi-bin/missing.sh")).isInstanceOf(ScriptLookup.NotFound.class);
		assertThat(resolver.resolve("/cgi-bin/missing/hello.sh")).isInstanceOf(ScriptLookup.NotFound.class);
		assertThat(resolver.resolve("/cgi-bin/.hidden.sh")).isInstanceOf(ScriptLookup.NotFound.class);
	}

	@Test
	void unsafePathUnderPrefixIsNotFound() {
		assertThat(resolver.resolve("/cgi-bin/sub/../hello.sh")).isInstanceOf(ScriptLookup.NotFound.class);
	}

	@Test
	void folderIsNeverAScript() {
		assertThat(forbidden(resolver.resolve("/cgi-bin/sub"))).isEqualTo("it is a folder");
		assertThat(forbidden(resolver.resolve("/cgi-bin"))).isEqualTo("it is a folder");
	}

	@Test
	void linkOutsideTheFolderIsForbidden() {
		assertThat(forbidden(resolver.resolve("/cgi-bin/escape.sh"))).isEqualTo("it resolves outside its folder");
	}

	@Test
	void specialFileIsForbiddenWhereLinksMayLeave() {
		CgiMappings mappings = CgiMappings.from(List.of(new PrefixSetting("/cgi-bin", null, Map.of(), null)),
				List.of(), Map.of(), DEFAULT_TIMEOUT, EventStreamLimitsTests.DEFAULTS, root);
		ScriptResolver following = new ScriptResolver(mappings, new ConfinedFolder(root, true, false));
		assertThat(forbidden(following.resolve("/cgi-bin/device"))).isEqualTo("it is not a regular file");
		assertThat(found(following.resolve("/cgi-bin/escape.sh")).file()).isEqualTo(root.resolve("cgi-bin/escape.sh"));
	}

	@Test
	void programPrefixRunsOneProgramForEveryPathBelow() {
		Script script = found(resolver.resolve("/run/any/thing"));
		assertThat(script.scriptName()).isEqualTo("/run");
		assertThat(script.pathInfo()).isEqualTo("/any/thing");
		assertThat(script.file()).isEqualTo(program);
		assertThat(script.nph()).isTrue();
		assertThat(script.interpreter()).isNull();
		assertThat(script.timeout()).isEqualTo(DEFAULT_TIMEOUT);
		assertThat(found(resolver.resolve("/run")).pathInfo()).isEmpty();
	}

	@Test
	void prefixWithItsOwnFolder() {
		Script script = found(resolver.resolve("/scripts/job.sh/x"));
		assertThat(script.scriptName()).isEqualTo("/scripts/job.sh");
		assertThat(script.file()).isEqualTo(site.root().resolve("scripts/job.sh"));
		assertThat(script.pathInfo()).isEqualTo("/x");
	}

	@Test
	void prefixWhoseFolderDoesNotExistFindsNothing() {
		assertThat(resolver.resolve("/absent/x.sh")).isInstanceOf(ScriptLookup.NotFound.class);
	}

	@Test
	void extensionRunsAScriptAnywhere() {
		Script script = found(resolver.resolve("/docs/page.cgi/more"));
		assertThat(script.scriptName()).isEqualTo("/docs/page.cgi");
		assertThat(script.pathInfo()).isEqualTo("/more");
		assertThat(script.env()).isEmpty();
		assertThat(script.timeout()).isEqualTo(DEFAULT_TIMEOUT);
	}

	@Test
	void pathsWithoutACgiExtensionAreNotCgiPaths() {
		assertThat(resolver.resolve("/docs/page.html")).isNull();
		assertThat(resolver.resolve("/docs/")).isNull();
		// The first file on the way is not a script: a static file with extra path.
		assertThat(resolver.resolve("/docs/page.html/x.cgi")).isNull();
		assertThat(resolver.resolve("/docs/missing.cgi")).isNull();
		assertThat(resolver.resolve("/docs/../docs/page.cgi")).isNull();
	}

	@Test
	void extensionScriptsFollowTheSameRules() {
		assertThat(forbidden(resolver.resolve("/docs/readme.cgi"))).contains("not executable");
		assertThat(forbidden(resolver.resolve("/docs/folder.cgi"))).isEqualTo("it is a folder");
		assertThat(resolver.resolve("/.private/hidden.cgi")).isNull();
	}

	@Test
	void withoutExtensionsOnlyPrefixesAreCgiPaths() {
		CgiMappings mappings = CgiMappings.from(List.of(), List.of(), Map.of(), DEFAULT_TIMEOUT, EventStreamLimitsTests.DEFAULTS, root);
		ScriptResolver prefixless = new ScriptResolver(mappings, new ConfinedFolder(root, false, false));
		assertThat(prefixless.resolve("/docs/page.cgi")).isNull();
		assertThat(prefixless.resolve("/cgi-bin/hello.sh")).isNull();
	}

}
