package org.cgiserver.files;

import java.util.List;

import org.cgiserver.CgiServerApplication;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A folder of {@code cgi.x-sendfile.folders} that cannot be used stops the start, named.
 */
@ExtendWith(OutputCaptureExtension.class)
class XSendfileFoldersStartupTests {

	private final TestSite site = TestSite.create();

	@AfterEach
	void deleteSite() {
		this.site.delete();
	}

	private void assertStartFails(CapturedOutput output, String folder, String value, String reason) {
		List<String> arguments = List.of("--server.port=0", "--management.server.port=", "--cgi.document-root=.",
				"--cgi.x-sendfile.folders[0]=" + this.site.folder("downloads"), "--cgi.x-sendfile.folders[1]=" + folder);
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(CgiServerApplication.class)
			.run(arguments.toArray(String[]::new)));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The property 'cgi.x-sendfile.folders[1]' has the value '" + value + "', which cannot be used: "
					+ reason + ".");
	}

	@Test
	void relativeFolder(CapturedOutput output) {
		assertStartFails(output, "downloads", "downloads", "it must be an absolute path");
	}

	@Test
	void missingFolder(CapturedOutput output) {
		assertStartFails(output, "/nonexistent/cgiserver-downloads", "/nonexistent/cgiserver-downloads",
				"the folder does not exist");
	}

	@Test
	void fileInsteadOfAFolder(CapturedOutput output) {
		String file = this.site.file("notes.txt", "x").toString();
		assertStartFails(output, file, file, "it is not a folder");
	}

}
