package org.cgiserver.cgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code git-http-backend} behind a prefix, with the real git client: the
 * errors it answers with a status and no document reach git as they are, and a team's
 * repository behind a Basic login takes pushes without {@code http.receivepack}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GitHttpBackendIntegrationTests {

	private static final Path BACKEND = Path.of("/usr/lib/git-core/git-http-backend");

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/index.html", "site");
		Path work = site.folder("work");
		git(work, "init", "-q", "-b", "main", "source");
		Path source = work.resolve("source");
		writeFile(source.resolve("README"), "hello\n");
		git(source, "add", "README");
		git(source, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "first");
		git(site.folder("repos"), "clone", "-q", "--bare", source.toString(), "project.git");
		git(site.folder("repos"), "clone", "-q", "--bare", source.toString(), "team.git");
		// Readable by the scripts' user, whoever owns the files; the team's repository writable.
		makeReadable(site.root().resolve("repos"));
		makeWritable(site.root().resolve("repos/team.git"));
		site.file("htpasswd", Users.file(Users.ALICE));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cgi.document-root", () -> site.root().resolve("www").toString());
		registry.add("cgi.prefixes[0].path", () -> "/git");
		registry.add("cgi.prefixes[0].target", BACKEND::toString);
		registry.add("cgi.prefixes[0].env.GIT_PROJECT_ROOT", () -> site.root().resolve("repos").toString());
		registry.add("cgi.prefixes[0].env.GIT_HTTP_EXPORT_ALL", () -> "1");
		// The repository belongs to the test's user, the backend runs as another one.
		registry.add("cgi.prefixes[0].env.GIT_CONFIG_COUNT", () -> "1");
		registry.add("cgi.prefixes[0].env.GIT_CONFIG_KEY_0", () -> "safe.directory");
		registry.add("cgi.prefixes[0].env.GIT_CONFIG_VALUE_0", () -> "*");
		registry.add("cgi.auth.users-file", () -> site.root().resolve("htpasswd").toString());
		registry.add("cgi.auth.rules[0].path", () -> "/git/team.git/**");
		registry.add("cgi.auth.rules[0].users", () -> "*");
	}

	@LocalServerPort
	int port;

	@Test
	void cloneOfAnExistingRepositoryWorks() {
		Result clone = gitClient("clone", url("/git/project.git"), target("existing"));
		assertThat(clone.exitCode()).as(clone.output()).isZero();
		assertThat(site.root().resolve("clones/existing/README")).hasContent("hello");
	}

	@Test
	void cloneOfAMissingRepositoryIsNotFound() {
		HttpResponse<String> response = new Http(this.port).get("/git/missing.git/info/refs?service=git-upload-pack");
		assertThat(response.statusCode()).isEqualTo(404);
		Result clone = gitClient("clone", url("/git/missing.git"), target("missing"));
		assertThat(clone.exitCode()).isNotZero();
		assertThat(clone.output()).contains("not found").doesNotContain("returned error: 502");
	}

	@Test
	void anonymousPushIsForbidden() {
		HttpResponse<String> response = new Http(this.port)
			.get("/git/project.git/info/refs?service=git-receive-pack");
		assertThat(response.statusCode()).isEqualTo(403);
		Result clone = gitClient("clone", url("/git/project.git"), target("pusher"));
		assertThat(clone.exitCode()).as(clone.output()).isZero();
		Path work = site.root().resolve("clones/pusher");
		writeFile(work.resolve("CHANGE"), "change\n");
		git(work, "add", "CHANGE");
		git(work, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "change");
		Result push = gitClient("-C", work.toString(), "push", "origin", "main");
		assertThat(push.exitCode()).isNotZero();
		assertThat(push.output()).contains("403").doesNotContain("returned error: 502");
	}

	@Test
	void cloneOfATeamRepositoryNeedsALogin() {
		Result anonymous = gitClient("clone", url("/git/team.git"), target("team-anonymous"));
		assertThat(anonymous.exitCode()).isNotZero();
		assertThat(anonymous.output()).doesNotContain("returned error: 502");
		Result member = gitClient("clone", url("alice:alice-secret@", "/git/team.git"), target("team-member"));
		assertThat(member.exitCode()).as(member.output()).isZero();
		assertThat(site.root().resolve("clones/team-member/README")).hasContent("hello");
	}

	@Test
	void aLoggedInUserPushesWithoutReceivePackForcedOn() {
		String url = url("alice:alice-secret@", "/git/team.git");
		Result clone = gitClient("clone", url, target("team-pusher"));
		assertThat(clone.exitCode()).as(clone.output()).isZero();
		Path work = site.root().resolve("clones/team-pusher");
		writeFile(work.resolve("PUSHED"), "pushed\n");
		git(work, "add", "PUSHED");
		git(work, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "pushed by alice");
		Result push = gitClient("-C", work.toString(), "push", "origin", "main");
		assertThat(push.exitCode()).as(push.output()).isZero();
		Result log = gitClient("--git-dir", site.root().resolve("repos/team.git").toString(), "log", "--format=%s",
				"main");
		assertThat(log.output()).startsWith("pushed by alice");
	}

	private String url(String path) {
		return url("", path);
	}

	private String url(String credentials, String path) {
		return "http://" + credentials + "127.0.0.1:" + this.port + path;
	}

	private static String target(String name) {
		return site.folder("clones").resolve(name).toString();
	}

	private static Result gitClient(String... arguments) {
		List<String> command = new ArrayList<>(List.of("git"));
		command.addAll(List.of(arguments));
		return run(site.root(), command);
	}

	private static void git(Path folder, String... arguments) {
		List<String> command = new ArrayList<>(List.of("git"));
		command.addAll(List.of(arguments));
		Result result = run(folder, command);
		if (result.exitCode() != 0) {
			throw new IllegalStateException(command + " failed: " + result.output());
		}
	}

	private static Result run(Path folder, List<String> command) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
			builder.environment().put("GIT_TERMINAL_PROMPT", "0");
			builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void writeFile(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void makeWritable(Path folder) {
		try (var paths = Files.walk(folder)) {
			for (Path path : paths.toList()) {
				path.toFile().setWritable(true, false);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void makeReadable(Path folder) {
		try (var paths = Files.walk(folder)) {
			for (Path path : paths.toList()) {
				path.toFile().setReadable(true, false);
				if (Files.isDirectory(path)) {
					path.toFile().setExecutable(true, false);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record Result(int exitCode, String output) {
	}

}
