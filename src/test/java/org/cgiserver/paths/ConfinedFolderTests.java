package org.cgiserver.paths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.cgiserver.support.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

class ConfinedFolderTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static Path root;

	static Path outside;

	@BeforeAll
	static void layout() throws IOException {
		root = site.folder("root");
		site.file("root/docs/page.html", "page");
		site.file("root/.hidden/secret.txt", "secret");
		site.file("root/.env", "secret");
		site.file("root/.well-known/security.txt", "contact");
		site.file("root/docs/.well-known/security.txt", "secret");
		outside = site.file("outside.txt", "outside");
		Files.createSymbolicLink(root.resolve("escape.txt"), outside);
		Files.createSymbolicLink(root.resolve("inner.html"), root.resolve("docs/page.html"));
		Files.createSymbolicLink(root.resolve("dangling.txt"), root.resolve("nowhere"));
	}

	private static ConfinedFolder folder(boolean followSymlinksOutside, boolean serveHidden) {
		return new ConfinedFolder(root, followSymlinksOutside, serveHidden);
	}

	@Test
	void resolvesExistingFilesAndFoldersInside() {
		ConfinedFolder folder = folder(false, false);
		assertThat(folder.resolve(List.of("docs", "page.html"))).isEqualTo(root.resolve("docs/page.html"));
		assertThat(folder.resolve(List.of("docs"))).isEqualTo(root.resolve("docs"));
		assertThat(folder.resolve(List.of())).isEqualTo(root);
		assertThat(folder.resolve(List.of("docs", "missing.html"))).isNull();
	}

	@Test
	void wellKnownIsVisibleAtTheTopOfTheDocumentRootOnly() {
		assertThat(folder(false, false).resolve(List.of(".well-known", "security.txt")))
			.isEqualTo(root.resolve(".well-known/security.txt"));
		assertThat(folder(false, false).resolve(List.of("docs", ".well-known", "security.txt"))).isNull();
		assertThat(folder(false, false).withRoot(root.resolve("docs")).resolve(List.of(".well-known", "security.txt")))
			.isNull();
		assertThat(folder(false, false).isVisible(".well-known")).as("listings keep hiding it").isFalse();
	}

	@Test
	void hiddenSegmentsAnywhereAreNotResolvedUnlessServed() {
		assertThat(folder(false, false).resolve(List.of(".hidden", "secret.txt"))).isNull();
		assertThat(folder(false, false).resolve(List.of(".env"))).isNull();
		assertThat(folder(false, true).resolve(List.of(".hidden", "secret.txt")))
			.isEqualTo(root.resolve(".hidden/secret.txt"));
	}

	@Test
	void linkOutsideIsRefusedUnlessAllowed() {
		assertThat(folder(false, false).resolve(List.of("escape.txt"))).isNull();
		assertThat(folder(false, false).isInside(root.resolve("escape.txt"))).isFalse();
		assertThat(folder(true, false).resolve(List.of("escape.txt"))).isEqualTo(root.resolve("escape.txt"));
		assertThat(folder(true, false).isInside(root.resolve("escape.txt"))).isTrue();
	}

	@Test
	void linkThatStaysInsideIsFollowed() {
		assertThat(folder(false, false).resolve(List.of("inner.html"))).isEqualTo(root.resolve("inner.html"));
	}

	@Test
	void resolvesToTheRealPathWithTheSameRules() {
		assertThat(folder(false, false).resolveReal(List.of("inner.html"))).isEqualTo(root.resolve("docs/page.html"));
		assertThat(folder(false, false).resolveReal(List.of("docs"))).isEqualTo(root.resolve("docs"));
		assertThat(folder(false, false).resolveReal(List.of())).isEqualTo(root);
		assertThat(folder(false, false).resolveReal(List.of("escape.txt"))).isNull();
		assertThat(folder(true, false).resolveReal(List.of("escape.txt"))).isEqualTo(outside);
		assertThat(folder(false, false).resolveReal(List.of(".env"))).isNull();
		assertThat(folder(false, true).resolveReal(List.of(".env"))).isEqualTo(root.resolve(".env"));
		assertThat(folder(false, false).resolveReal(List.of("dangling.txt"))).isNull();
		assertThat(folder(true, false).resolveReal(List.of("docs", "missing.html"))).isNull();
	}

	@Test
	void missingPathsAndDanglingLinksAreNeverInside() {
		assertThat(folder(false, false).isInside(root.resolve("nowhere"))).isFalse();
		assertThat(folder(true, false).isInside(root.resolve("nowhere"))).isFalse();
		assertThat(folder(false, false).isInside(root.resolve("dangling.txt"))).isFalse();
		assertThat(folder(true, false).isInside(root.resolve("dangling.txt"))).isFalse();
	}

	@Test
	void withRootKeepsTheRules() {
		ConfinedFolder docs = folder(false, false).withRoot(root.resolve("docs"));
		assertThat(docs.root()).isEqualTo(root.resolve("docs"));
		assertThat(docs.isVisible(".x")).isFalse();
		assertThat(docs.resolve(List.of("page.html"))).isEqualTo(root.resolve("docs/page.html"));
		// The former root is outside the new one.
		assertThat(docs.isInside(root)).isFalse();
		assertThat(docs.isInside(root.resolve(".env"))).isFalse();
		ConfinedFolder open = folder(true, true).withRoot(root.resolve("docs"));
		assertThat(open.isVisible(".x")).isTrue();
		assertThat(open.isInside(outside)).isTrue();
	}

}
