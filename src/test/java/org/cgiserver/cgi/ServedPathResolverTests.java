package org.cgiserver.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.cgiserver.files.DocumentRoot;
import org.cgiserver.paths.ConfinedFolder;
import org.cgiserver.paths.ServedPath;
import org.cgiserver.support.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request path serves, for the access rules: the script it runs, and the other
 * URLs of the file it reaches through links and prefixes.
 */
class ServedPathResolverTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static Path root;

	static SiteUrls urls;

	static ServedPathResolver served;

	@BeforeAll
	static void layout() {
		root = site.folder("www");
		site.file("www/docs/page.txt", "page");
		site.file("www/docs/index.html", "index");
		site.file("www/private/secret.txt", "secret");
		site.folder("www/public/front");
		site.folder("www/public/empty");
		site.symlink("www/public/link", Path.of("../private"));
		site.symlink("www/public/alias.txt", Path.of("../private/secret.txt"));
		site.symlink("www/public/front/index.html", Path.of("../../private/secret.txt"));
		site.file("outside/file.txt", "outside");
		site.symlink("www/out.txt", site.path("outside/file.txt"));
		site.script("www/cgi-bin/admin.sh", "#!/bin/sh\n");
		site.symlink("www/cgi-bin/open.sh", Path.of("admin.sh"));
		site.script("www/cgi-bin/team/tool.sh", "#!/bin/sh\n");
		site.symlink("www/cgi-bin/tools", Path.of("team"));
		site.script("www/scripts/job.sh", "#!/bin/sh\n");
		site.script("www/apps/admin.cgi", "#!/bin/sh\n");
		site.symlink("www/apps/alias.cgi", Path.of("admin.cgi"));
		Path program = site.script("bin/prog", "#!/bin/sh\n");
		CgiMappings mappings = CgiMappings.from(
				List.of(prefix("/cgi-bin", null), prefix("/team", root.resolve("cgi-bin/team")),
						prefix("/run", root.resolve("scripts")), prefix("/git", program), prefix("/git2", program)),
				List.of("cgi"), Map.of(), Duration.ofSeconds(30), EventStreamLimitsTests.DEFAULTS, root);
		ConfinedFolder folder = new ConfinedFolder(root, false, false);
		urls = new SiteUrls(root, mappings.prefixes());
		served = new ServedPathResolver(new ScriptResolver(mappings, folder),
				new DocumentRoot(folder, List.of("index.html")), urls);
	}

	private static PrefixSetting prefix(String path, Path target) {
		return new PrefixSetting(path, target, Map.of(), null);
	}

	@Test
	void aFileNamedByItsOwnUrlIsServedByThatUrlAlone() {
		assertThat(served.of("/docs/page.txt")).containsExactly(file("/docs/page.txt"));
		assertThat(served.of("/docs/")).containsExactly(file("/docs/"));
		assertThat(served.of("/docs")).containsExactly(file("/docs"));
		assertThat(served.of("/")).containsExactly(file("/"));
	}

	@Test
	void aFileThatIsNotServedHasNoOtherUrl() {
		assertThat(served.of("/missing.txt")).containsExactly(file("/missing.txt"));
		assertThat(served.of("/public/link/missing.txt")).containsExactly(file("/public/link/missing.txt"));
		assertThat(served.of("/a/../b")).containsExactly(file("/a/../b"));
		assertThat(served.of("/out.txt")).as("a link outside the root is not followed").containsExactly(file("/out.txt"));
	}

	@Test
	void aFileReachedThroughALinkIsAlsoServedByItsOwnUrl() {
		assertThat(served.of("/public/link/secret.txt")).containsExactly(file("/public/link/secret.txt"),
				file("/private/secret.txt"));
		assertThat(served.of("/public/alias.txt")).containsExactly(file("/public/alias.txt"),
				file("/private/secret.txt"));
	}

	@Test
	void aFolderReachedThroughALinkIsAlsoServedByItsOwnUrl() {
		assertThat(served.of("/public/link/")).containsExactly(file("/public/link/"), file("/private/"));
		assertThat(served.of("/public/link")).containsExactly(file("/public/link"), file("/private/"));
	}

	@Test
	void anIndexFileThatIsALinkIsServedByItsOwnUrl() {
		assertThat(served.of("/public/front/")).containsExactly(file("/public/front/"), file("/private/secret.txt"));
		assertThat(served.of("/public/front")).as("redirected to the slash, no index yet")
			.containsExactly(file("/public/front"));
		assertThat(served.of("/public/empty/")).containsExactly(file("/public/empty/"));
	}

	@Test
	void aScriptIsServedWithItsScriptName() {
		assertThat(served.of("/cgi-bin/admin.sh/x/y")).containsExactly(script("/cgi-bin/admin.sh/x/y", "/cgi-bin/admin.sh"));
		assertThat(served.of("/cgi-bin/admin.sh")).containsExactly(script("/cgi-bin/admin.sh", "/cgi-bin/admin.sh"));
	}

	@Test
	void aScriptThatDoesNotRunServesNothing() {
		assertThat(served.of("/cgi-bin/missing.sh/x")).containsExactly(file("/cgi-bin/missing.sh/x"));
		assertThat(served.of("/cgi-bin/team")).as("a folder").containsExactly(file("/cgi-bin/team"));
	}

	@Test
	void aScriptReachedThroughALinkIsAlsoServedByItsOwnUrlWithThePathInfo() {
		assertThat(served.of("/cgi-bin/open.sh/x")).containsExactly(script("/cgi-bin/open.sh/x", "/cgi-bin/open.sh"),
				script("/cgi-bin/admin.sh/x", "/cgi-bin/admin.sh"));
		assertThat(served.of("/cgi-bin/tools/tool.sh")).containsExactly(
				script("/cgi-bin/tools/tool.sh", "/cgi-bin/tools/tool.sh"),
				script("/cgi-bin/team/tool.sh", "/cgi-bin/team/tool.sh"), script("/team/tool.sh", "/team/tool.sh"));
	}

	@Test
	void aScriptUnderTwoPrefixesIsServedByBoth() {
		assertThat(served.of("/team/tool.sh/y")).containsExactly(script("/team/tool.sh/y", "/team/tool.sh"),
				script("/cgi-bin/team/tool.sh/y", "/cgi-bin/team/tool.sh"));
		assertThat(served.of("/git2/repo")).containsExactlyInAnyOrder(script("/git2/repo", "/git2"),
				script("/git/repo", "/git"));
	}

	@Test
	void theSourceOfAPrefixsScriptInTheDocumentRootIsServedByTheScriptsUrlToo() {
		assertThat(served.of("/scripts/job.sh")).containsExactly(file("/scripts/job.sh"), file("/run/job.sh"));
	}

	@Test
	void aScriptRunByItsExtensionThroughALinkIsServedByItsOwnUrl() {
		assertThat(served.of("/apps/alias.cgi/x")).containsExactly(script("/apps/alias.cgi/x", "/apps/alias.cgi"),
				script("/apps/admin.cgi/x", "/apps/admin.cgi"));
		assertThat(served.of("/apps/missing.cgi")).containsExactly(file("/apps/missing.cgi"));
	}

	@Test
	void theUrlsOfAFileComeFromItsRealPath() {
		assertThat(urls.of(root, true)).containsExactly("/");
		assertThat(urls.of(root.resolve("cgi-bin"), true)).containsExactly("/cgi-bin/");
		assertThat(urls.of(root.resolve("cgi-bin/team"), true)).containsExactly("/cgi-bin/team/", "/team/");
		assertThat(urls.of(root.resolve("cgi-bin/team/tool.sh"), false)).containsExactly("/cgi-bin/team/tool.sh",
				"/team/tool.sh");
		assertThat(urls.of(root.resolve("docs/page.txt"), false)).containsExactly("/docs/page.txt");
		assertThat(urls.of(site.path("bin/prog"), false)).containsExactlyInAnyOrder("/git", "/git2");
		assertThat(urls.of(site.path("bin"), true)).isEmpty();
		assertThat(urls.of(site.path("outside/file.txt"), false)).isEmpty();
	}

	private static ServedPath file(String path) {
		return new ServedPath(path, null);
	}

	private static ServedPath script(String path, String scriptName) {
		return new ServedPath(path, scriptName);
	}

}
