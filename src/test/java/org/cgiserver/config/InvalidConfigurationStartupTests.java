package org.cgiserver.config;

import org.cgiserver.CgiServerApplication;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad configuration stops the start with one readable message naming the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidConfigurationStartupTests {

	static void assertStartFails(CapturedOutput output, String property, String reason, String... arguments) {
		String[] all = new String[arguments.length + 2];
		all[0] = "--server.port=0";
		all[1] = "--management.server.port=";
		System.arraycopy(arguments, 0, all, 2, arguments.length);
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(CgiServerApplication.class).run(all));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The property '" + property + "'")
			.contains(reason);
	}

	@Test
	void missingDocumentRoot(CapturedOutput output) {
		assertStartFails(output, "cgi.document-root", "the folder does not exist",
				"--cgi.document-root=/nonexistent/cgiserver-site");
	}

	@Test
	void documentRootThatIsAFile(CapturedOutput output) {
		TestSite site = TestSite.create();
		try {
			String file = site.file("plain.txt", "x").toString();
			assertStartFails(output, "cgi.document-root", "it is not a folder", "--cgi.document-root=" + file);
			assertThat(output).contains(file);
		}
		finally {
			site.delete();
		}
	}

	@Test
	void relativePrefixTarget(CapturedOutput output) {
		assertStartFails(output, "cgi.prefixes[0].target", "the target must be an absolute path",
				"--cgi.document-root=.", "--cgi.prefixes[0].path=/git", "--cgi.prefixes[0].target=bin/git");
	}

	@Test
	void uncleanPrefixPath(CapturedOutput output) {
		assertStartFails(output, "cgi.prefixes[0].path", "clean absolute URL path", "--cgi.document-root=.",
				"--cgi.prefixes[0].path=/a/../b");
	}

	@Test
	void runAsAUserThatCannotBeUsed(CapturedOutput output) {
		assertStartFails(output, "cgi.run-as", "cannot be used", "--cgi.document-root=.",
				"--cgi.run-as=no-such-user-cgiserver");
	}

	@Test
	void noScriptSlots(CapturedOutput output) {
		assertStartFails(output, "cgi.max-concurrent", "at least one script", "--cgi.document-root=.",
				"--cgi.max-concurrent=0");
	}

}
