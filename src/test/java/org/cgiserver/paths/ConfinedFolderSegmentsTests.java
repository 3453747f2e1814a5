package org.cgiserver.paths;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@link ConfinedFolder} that need no files: how a URL path is split and
 * which names are visible.
 */
class ConfinedFolderSegmentsTests {

	private static final Path ROOT = Path.of("/srv/www");

	@Test
	void segmentsDropEmptyOnes() {
		assertThat(ConfinedFolder.segments("/a//b/")).containsExactly("a", "b");
		assertThat(ConfinedFolder.segments("a/b")).containsExactly("a", "b");
		assertThat(ConfinedFolder.segments("/")).isEmpty();
		assertThat(ConfinedFolder.segments("")).isEmpty();
		assertThat(ConfinedFolder.segments("/x")).containsExactly("x");
		assertThat(ConfinedFolder.segments("/..a/b..c/.x")).containsExactly("..a", "b..c", ".x");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a/../b", "/a/./b", "/..", ".", "/a\\b", "/a\0b", "/\\a", "/\0a", "/a/.." })
	void unsafeSegmentsRefuseTheWholePath(String path) {
		assertThat(ConfinedFolder.segments(path)).isNull();
	}

	@Test
	void hiddenNamesAreVisibleOnlyWhenServed() {
		assertThat(new ConfinedFolder(ROOT, false, false).isVisible(".env")).isFalse();
		assertThat(new ConfinedFolder(ROOT, false, false).isVisible("env")).isTrue();
		assertThat(new ConfinedFolder(ROOT, false, false).isVisible("a.env")).isTrue();
		assertThat(new ConfinedFolder(ROOT, false, true).isVisible(".env")).isTrue();
	}

}
