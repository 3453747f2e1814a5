package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's own {@code /tmp} would hide whatever scripts start from under the system's:
 * then runs keep it, and the reason names the property.
 */
class PrivateTmpTests {

	@Test
	void aDocumentRootOutsideTmpLetsRunsHaveTheirOwn() {
		PrivateTmp.Setting setting = PrivateTmp.Setting.of(true, Map.of("cgi.document-root", Path.of("/srv/www")));
		assertThat(setting.systemTmpNeeded()).isNull();
		assertThat(setting.mountable()).isTrue();
	}

	@Test
	void aDocumentRootUnderTmpKeepsTheSystemsAndSaysWhy() {
		PrivateTmp.Setting setting = PrivateTmp.Setting.of(true,
				Map.of("cgi.document-root", Path.of("/srv/www"), "cgi.prefixes[1].target", Path.of("/tmp/../tmp/app")));
		assertThat(setting.mountable()).isFalse();
		assertThat(setting.systemTmpNeeded()).startsWith("cgi.prefixes[1].target (/tmp/app) is under /tmp");
		assertThat(PrivateTmp.shared(setting).reason()).contains("TMPDIR", "cgi.prefixes[1].target");
	}

	@Test
	void aLinkIntoTmpIsFollowed() throws IOException {
		// Outside /tmp, so that only the link's target is under it.
		Path folder = Files.createTempDirectory(Path.of("/var/tmp"), "cgiserver-link-");
		Path link = Files.createSymbolicLink(folder.resolve("www"), Path.of("/tmp"));
		try {
			assertThat(PrivateTmp.Setting.of(true, Map.of("cgi.document-root", link)).systemTmpNeeded())
				.contains("cgi.document-root");
		}
		finally {
			Files.delete(link);
			Files.delete(folder);
		}
	}

	@Test
	void withoutFoldersThereIsNothingToMount() {
		PrivateTmp.Setting setting = PrivateTmp.Setting.of(false, Map.of());
		assertThat(setting.mountable()).isFalse();
		assertThat(PrivateTmp.shared(setting).reason()).contains("cgi.isolation.private-tmp is false");
	}

	@Test
	void aParentFolderNamedLikeTmpIsNotUnderIt() {
		assertThat(PrivateTmp.Setting.of(true, Map.of("cgi.document-root", Path.of("/tmpfs/www"))).mountable())
			.isTrue();
	}

}
