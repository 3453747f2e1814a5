package org.cgiserver.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.cgiserver.CgiServerApplication;
import org.cgiserver.process.ServerUser;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A bad configuration stops the start with one readable message naming the property,
 * its value and the reason that belongs to it.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidConfigurationStartupTests {

	static final ServerUser SERVER_USER = ServerUser.current();

	static final String NOT_ROOT = "the server runs as '" + SERVER_USER.name()
			+ "', not root, so scripts can only run as that user; remove the setting or run the server as root";

	private final TestSite site = TestSite.create();

	@AfterEach
	void deleteSite() throws Exception {
		// A folder made unreadable must be readable again to be deleted.
		Files.setPosixFilePermissions(this.site.root(), PosixFilePermissions.fromString("rwxr-xr-x"));
		this.site.delete();
	}

	/**
	 * Starts the server with a valid document root and the given arguments, and checks
	 * the failure analysis: the exact description, not just any failed start (every
	 * description contains "cannot be used").
	 */
	static void assertStartFails(CapturedOutput output, String property, String value, String reason,
			String... arguments) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--management.server.port="));
		// Given twice on the command line, a property would get both values.
		if (Stream.of(arguments).noneMatch((argument) -> argument.startsWith("--cgi.document-root="))) {
			all.add("--cgi.document-root=.");
		}
		all.addAll(List.of(arguments));
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(CgiServerApplication.class)
			.run(all.toArray(String[]::new)));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The property '" + property + "' has the value '" + value + "', which cannot be used: " + reason
					+ ".");
	}

	@Test
	void missingDocumentRoot(CapturedOutput output) {
		assertStartFails(output, "cgi.document-root", "/nonexistent/cgiserver-site", "the folder does not exist",
				"--cgi.document-root=/nonexistent/cgiserver-site");
	}

	@Test
	void ownTmpForRunsOfASiteUnderTmp(CapturedOutput output) {
		Path www = this.site.folder("www");
		assertStartFails(output, "cgi.isolation.mount-tmp", "true",
				"cgi.document-root (" + www + ") is under /tmp, which a run's own /tmp would hide; move it, or leave "
						+ "runs the system's /tmp",
				"--cgi.document-root=" + www, "--cgi.isolation.processes=pid-namespace", "--cgi.isolation.mount-tmp=true");
	}

	@Test
	void ownTmpForRunsWithoutPidNamespaces(CapturedOutput output) {
		assertStartFails(output, "cgi.isolation.mount-tmp", "true",
				"only a run in a PID namespace can have a /tmp of its own: set cgi.isolation.processes, or a prefix's "
						+ "isolation.processes, to pid-namespace or auto",
				"--cgi.isolation.mount-tmp=true");
	}

	@Test
	void webSocketOriginThatCanNeverMatch(CapturedOutput output) {
		assertStartFails(output, "cgi.websocket.allowed-origins[0]", "https://app.example.org/",
				"an origin is a scheme and a host, with a port if not the default, such as https://app.example.org, "
						+ "or * for every one",
				"--cgi.websocket.allowed-origins=https://app.example.org/");
	}

	@Test
	void documentRootThatIsAFile(CapturedOutput output) {
		String file = this.site.file("plain.txt", "x").toString();
		assertStartFails(output, "cgi.document-root", file, "it is not a folder", "--cgi.document-root=" + file);
	}

	@Test
	void unreadableDocumentRoot(CapturedOutput output) throws Exception {
		assumeFalse(SERVER_USER.root(), "root reads every folder whatever its permissions");
		Path folder = this.site.folder("www");
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
		try {
			assertStartFails(output, "cgi.document-root", folder.toString(), "the folder cannot be read",
					"--cgi.document-root=" + folder);
		}
		finally {
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "512B", "2MB" })
	void scriptHeaderSizeOutOfRange(String size, CapturedOutput output) {
		assertStartFails(output, "cgi.max-header-size", org.springframework.util.unit.DataSize.parse(size).toString(),
				"it must be between 1KB and 1024KB", "--cgi.max-header-size=" + size);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "many" })
	void openFilesThatIsNotACount(String value, CapturedOutput output) {
		assertStartFails(output, "cgi.limits.open-files", value,
				"give a number of files above 0, or leave it empty for the server's own limit",
				"--cgi.limits.open-files=" + value);
	}

	@Test
	void relativePrefixTarget(CapturedOutput output) {
		assertStartFails(output, "cgi.prefixes[0].target", "bin/git", "the target must be an absolute path",
				"--cgi.prefixes[0].path=/git", "--cgi.prefixes[0].target=bin/git");
	}

	@Test
	void prefixTargetThatIsNeitherAFolderNorAProgram(CapturedOutput output) {
		String file = this.site.file("notes.txt", "not a program").toString();
		assertStartFails(output, "cgi.prefixes[0].target", file, "it is neither a folder nor an executable file",
				"--cgi.prefixes[0].path=/notes", "--cgi.prefixes[0].target=" + file);
	}

	@Test
	void prefixTargetThatDoesNotExist(CapturedOutput output) {
		assertStartFails(output, "cgi.prefixes[0].target", "/nonexistent/cgiserver-program", "it does not exist",
				"--cgi.prefixes[0].path=/program", "--cgi.prefixes[0].target=/nonexistent/cgiserver-program");
	}

	@Test
	void uncleanPrefixPath(CapturedOutput output) {
		assertStartFails(output, "cgi.prefixes[0].path", "/a/../b",
				"a prefix must be a clean absolute URL path such as /cgi-bin (no '.', '..', '//' or special characters)",
				"--cgi.prefixes[0].path=/a/../b");
	}

	@Test
	void zeroTimeout(CapturedOutput output) {
		assertStartFails(output, "cgi.timeout", "PT0S", "it must be positive", "--cgi.timeout=0");
	}

	@Test
	void negativeTimeout(CapturedOutput output) {
		assertStartFails(output, "cgi.timeout", "PT-1S", "it must be positive", "--cgi.timeout=-1s");
	}

	@Test
	void zeroPrefixTimeout(CapturedOutput output) {
		assertStartFails(output, "cgi.prefixes[0].timeout", "PT0S", "it must be positive",
				"--cgi.prefixes[0].path=/cgi-bin", "--cgi.prefixes[0].timeout=0s");
	}

	@Test
	void zeroEventStreamMaxDuration(CapturedOutput output) {
		assertStartFails(output, "cgi.event-stream.max-duration", "PT0S", "it must be positive",
				"--cgi.event-stream.max-duration=0s");
	}

	@Test
	void negativePrefixEventStreamIdleTimeout(CapturedOutput output) {
		assertStartFails(output, "cgi.prefixes[0].event-stream.idle-timeout", "PT-1S", "it must be positive",
				"--cgi.prefixes[0].path=/cgi-bin", "--cgi.prefixes[0].event-stream.idle-timeout=-1s");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a.b", "!" })
	void extensionThatIsNotLettersAndDigits(String extension, CapturedOutput output) {
		assertStartFails(output, "cgi.extensions", extension, "an extension is letters and digits, such as cgi",
				"--cgi.extensions=" + extension);
	}

	@Test
	void blankInterpreter(CapturedOutput output) {
		assertStartFails(output, "cgi.interpreters.pl", " ",
				"no program is given (use 'none' to switch the extension's interpreter off)", "--cgi.interpreters.pl= ");
	}

	@Test
	void runAsAUserThatDoesNotExist(CapturedOutput output) {
		String reason = SERVER_USER.root() ? "there is no such user" : NOT_ROOT;
		assertStartFails(output, "cgi.run-as", "no-such-user-cgiserver", reason,
				"--cgi.run-as=no-such-user-cgiserver");
	}

	@ParameterizedTest
	@ValueSource(strings = { "cgi-status", "/", "/status/", "/{page}", "/status/**" })
	void statusPagePathThatIsNotAPlainPath(String path, CapturedOutput output) {
		assertStartFails(output, "cgi.status-page.path", path,
				"it must be a URL path such as /cgi-status: segments of letters, digits, '-', '.', '_' or '~'",
				"--cgi.status-page.path=" + path);
	}

	@Test
	void plainHttpPortWithoutHttps(CapturedOutput output) {
		assertStartFails(output, "cgi.tls.http-port", "8081",
				"plain HTTP beside HTTPS needs HTTPS on server.port: set cgi.tls.acme.directory or server.ssl.*",
				"--cgi.tls.http-port=8081");
	}

	@Test
	void acmeWithoutPlainHttpPort(CapturedOutput output) {
		assertStartFails(output, "cgi.tls.http-port", "",
				"ACME's http-01 challenges come over plain HTTP: set it (80, or the port that 80 is forwarded to)",
				"--cgi.tls.acme.directory=https://acme.example.org/directory", "--cgi.tls.acme.domains=example.org");
	}

	@Test
	void acmeWithoutDomains(CapturedOutput output) {
		assertStartFails(output, "cgi.tls.acme.domains", "",
				"name at least one domain of the certificate, such as git.example.org",
				"--cgi.tls.acme.directory=https://acme.example.org/directory", "--cgi.tls.http-port=0");
	}

	@Test
	void acmeForAWildcard(CapturedOutput output) {
		assertStartFails(output, "cgi.tls.acme.domains", "*.example.org",
				"not a host name such as git.example.org (http-01 challenges cannot prove wildcards)",
				"--cgi.tls.acme.directory=https://acme.example.org/directory", "--cgi.tls.http-port=0",
				"--cgi.tls.acme.domains=*.example.org");
	}

	@Test
	void acmeDirectoryThatIsNotAUrl(CapturedOutput output) {
		assertStartFails(output, "cgi.tls.acme.directory", "acme.example.org",
				"it must be the CA's ACME directory URL, such as https://acme-v02.api.letsencrypt.org/directory",
				"--cgi.tls.acme.directory=acme.example.org", "--cgi.tls.http-port=0",
				"--cgi.tls.acme.domains=example.org");
	}

	@Test
	void hstsThatIsNotAHeaderValue(CapturedOutput output) {
		assertStartFails(output, "cgi.tls.hsts", "1 year",
				"it must be a Strict-Transport-Security value such as max-age=31536000; includeSubDomains (or empty)",
				"--cgi.tls.hsts=1 year");
	}

	@Test
	void runAsRoot(CapturedOutput output) {
		String reason = SERVER_USER.root() ? "scripts must never run as root" : NOT_ROOT;
		assertStartFails(output, "cgi.run-as", "root", reason, "--cgi.run-as=root");
	}

	@Test
	void runAsAnotherUserWhenTheServerIsNotRoot(CapturedOutput output) {
		assumeFalse(SERVER_USER.root(), "a server running as root may run scripts as any user but root");
		assumeFalse(SERVER_USER.name().equals("daemon"), "the test names 'daemon' as the other user");
		assertStartFails(output, "cgi.run-as", "daemon", NOT_ROOT, "--cgi.run-as=daemon");
	}

	@Test
	void noScriptSlots(CapturedOutput output) {
		assertStartFails(output, "cgi.max-concurrent", "0", "at least one script must be able to run",
				"--cgi.max-concurrent=0");
	}

	@Test
	void negativeHeaderDeadline(CapturedOutput output) {
		assertStartFails(output, "cgi.connections.header-timeout", "PT-1S",
				"it must not be negative (0 switches it off)", "--cgi.connections.header-timeout=-1s");
	}

	@Test
	void missingUsersFile(CapturedOutput output) {
		assertStartFails(output, "cgi.auth.users-file", "/nonexistent/htpasswd", "the file does not exist",
				"--cgi.auth.users-file=/nonexistent/htpasswd");
	}

	@Test
	void rulesThatNameUsersWithoutAUsersFile(CapturedOutput output) {
		assertStartFails(output, "cgi.auth.users-file", "",
				"cgi.auth.rules[1].users names users, but no users file is set", "--cgi.auth.rules[0].path=/open/**",
				"--cgi.auth.rules[1].path=/git/**", "--cgi.auth.rules[1].users=*");
	}

	@Test
	void ruleWithABadAddressRange(CapturedOutput output) {
		assertStartFails(output, "cgi.auth.rules[0].allow-from", "10.0.0.0/99",
				"not an IP address or CIDR range such as 10.0.0.0/8 or ::1", "--cgi.auth.rules[0].path=/admin/**",
				"--cgi.auth.rules[0].allow-from=10.0.0.0/99");
	}

	@Test
	void ruleWithoutAPath(CapturedOutput output) {
		assertStartFails(output, "cgi.auth.rules[0].path", "null", "every rule needs a path starting with '/'",
				"--cgi.auth.rules[0].allow-from=10.0.0.0/8");
	}

	@Test
	void realmWithAQuote(CapturedOutput output) {
		assertStartFails(output, "cgi.auth.realm", "a\"b",
				"it must not be empty nor hold quotes, backslashes or control characters", "--cgi.auth.realm=a\"b");
	}

	@Test
	void errorPageThatDoesNotExist(CapturedOutput output) {
		assertStartFails(output, "cgi.error-pages.404", "/errors/404.html",
				"the document root has no readable file there", "--cgi.error-pages.404=/errors/404.html");
	}

	@Test
	void errorPageForAStatusThatIsNoError(CapturedOutput output) {
		assertStartFails(output, "cgi.error-pages.200", "/index.html", "only error statuses (400 to 599) have pages",
				"--cgi.error-pages.200=/index.html");
	}

}
