package org.cgiserver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.cgiserver.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A run's own {@code /tmp} would hide whatever scripts start from under the system's:
 * asking for it there stops the start, naming the property and the path.
 */
class PrivateTmpTests {

	@Test
	void aDocumentRootOutsideTmpLetsRunsHaveTheirOwn() {
		assertThat(PrivateTmp.Setting.of(true, true, Map.of("cgi.document-root", Path.of("/srv/www"))))
			.isEqualTo(new PrivateTmp.Setting(true, true));
	}

	@Test
	void aPrefixUnderTmpStopsTheStartWhenTheMountIsAskedFor() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> PrivateTmp.Setting.of(true, true,
					Map.of("cgi.document-root", Path.of("/srv/www"), "cgi.prefixes[1].target", Path.of("/tmp/../tmp/app"))))
			.withMessageContaining("cgi.isolation.mount-tmp")
			.withMessageContaining("cgi.prefixes[1].target (/tmp/app) is under /tmp");
	}

	@Test
	void aLinkIntoTmpIsFollowed() throws IOException {
		// Outside /tmp, so that only the link's target is under it.
		Path folder = Files.createTempDirectory(Path.of("/var/tmp"), "cgiserver-link-");
		Path link = Files.createSymbolicLink(folder.resolve("www"), Path.of("/tmp"));
		try {
			assertThatExceptionOfType(InvalidConfigurationException.class)
				.isThrownBy(() -> PrivateTmp.Setting.of(true, true, Map.of("cgi.document-root", link)))
				.withMessageContaining("cgi.document-root");
		}
		finally {
			Files.delete(link);
			Files.delete(folder);
		}
	}

	@Test
	void withoutTheMountNothingIsChecked() {
		assertThat(PrivateTmp.Setting.of(true, false, Map.of("cgi.document-root", Path.of("/tmp/www"))))
			.isEqualTo(PrivateTmp.Setting.DEFAULT);
	}

	@Test
	void withoutFoldersThereIsNothingToMount() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> PrivateTmp.Setting.of(false, true, Map.of()))
			.withMessageContaining("cgi.isolation.private-tmp is false");
		assertThat(PrivateTmp.shared(PrivateTmp.Setting.of(false, false, Map.of())).reason())
			.contains("cgi.isolation.private-tmp is false");
	}

	@Test
	void aFolderNamedLikeTmpIsNotUnderIt() {
		assertThat(PrivateTmp.Setting.of(true, true, Map.of("cgi.document-root", Path.of("/tmpfs/www"))).mount())
			.isTrue();
	}

}
