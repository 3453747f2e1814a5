package org.cgiserver.recipes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.cgiserver.support.Http;
import org.cgiserver.support.TestSite;
import org.cgiserver.support.Users;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code config/examples/git-http-backend.yml} as it is, with the real git client:
 * anyone clones, a user of the users file pushes, over git's protocol v2, with
 * gzip-compressed fetch requests and a push of tens of megabytes. Only the folders
 * point at the test's own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		args = "--spring.config.additional-location=file:config/examples/git-http-backend.yml")
class GitHttpBackendRecipeTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/index.html", "site");
		site.folder("git");
		site.file("htpasswd", Users.file(Users.ALICE));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("GIT_ROOT", site.path("git"))
			.set("cgi.auth.users-file", site.path("htpasswd"));
	}

	@BeforeAll
	static void repositories() {
		assumeTrue(Files.isExecutable(Path.of("/usr/lib/git-core/git-http-backend")),
				"git-http-backend (Debian's git) is not installed");
		Git.bareRepository(site.path("git"), "project.git", "the project", true);
		Git.bareRepository(site.path("git"), "large.git", "pushed to in bulk", true);
		Git.bareRepository(site.path("git"), "branches.git", "many branches", false);
	}

	@LocalServerPort
	int port;

	@Test
	void anyoneClonesAndAUserPushes() {
		Path work = site.folder("clones").resolve("project");
		Git.Result clone = Git.run(site.root(), "clone", url("", "/git/project.git"), work.toString());
		assertThat(clone.status()).as(clone.output()).isZero();
		assertThat(work.resolve("README")).hasContent("hello");
		writeFile(work.resolve("CHANGE"), "change\n");
		Git.commit(work, "pushed by alice");

		Git.Result anonymous = Git.run(work, "push", "origin", "main");
		assertThat(anonymous.status()).as(anonymous.output()).isNotZero();
		assertThat(anonymous.output()).contains("could not read Username");
		assertThat(lastCommit("project.git")).isEqualTo("first commit of project.git");

		Git.check(work, "remote", "set-url", "--push", "origin", url("alice:alice-secret@", "/git/project.git"));
		Git.Result push = Git.run(work, "push", "origin", "main");
		assertThat(push.status()).as(push.output()).isZero();
		assertThat(lastCommit("project.git")).isEqualTo("pushed by alice");
	}

	@Test
	void aPushAtAnyDepthAsksForALogin() {
		for (String path : List.of("/git/project.git/git-receive-pack", "/git/team/deep/project.git/git-receive-pack",
				"/git/project.git/./git-receive-pack", "/git/project.git//git-receive-pack",
				"/git/project.git/%67it-receive-pack", "/git/project.git/git-receive-pack;jsessionid=x",
				"/git/project.git/git-receive-pack%2f", "/git/project.git%2fgit-receive-pack")) {
			Http http = new Http(this.port);
			HttpResponse<String> response = http.send(http.request(path)
				.header("Content-Type", "application/x-git-receive-pack-request")
				.POST(BodyPublishers.ofString("0000"))
				.build());
			// Refused as a path or asking for the login: never the backend taking the push.
			assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
		}
	}

	@Test
	void protocolVersion2IsSpokenWhenGitAsksForIt() {
		Git.Result clone = Git.run(site.root(), Map.of("GIT_TRACE_PACKET", "1"), "-c", "protocol.version=2", "clone",
				url("", "/git/project.git"), site.folder("clones").resolve("v2").toString());
		assertThat(clone.status()).as(clone.output()).isZero();
		// The backend answers in version 2 only when it got the client's Git-Protocol header.
		assertThat(clone.output()).contains("git< version 2");
	}

	@Test
	void aFetchRequestCompressedByGitIsServed() {
		// Wants of more than 1 KB are sent gzip-compressed: forty branches on forty commits.
		Path work = site.folder("clones").resolve("branches-source");
		Git.check(site.root(), "clone", "-q", site.path("git/branches.git").toString(), work.toString());
		for (int i = 0; i < 40; i++) {
			Git.commit(work, "commit " + i);
			Git.check(work, "branch", "branch-" + i);
		}
		Git.check(work, "push", "-q", "origin", "--all");
		Git.open(site.path("git/branches.git"), false);
		Git.Result clone = Git.run(site.root(), Map.of("GIT_TRACE_CURL", "1", "GIT_TRACE_CURL_NO_DATA", "1"),
				"clone", "--mirror", url("", "/git/branches.git"), site.folder("clones").resolve("branches").toString());
		assertThat(clone.status()).as(clone.output()).isZero();
		assertThat(clone.output()).containsIgnoringCase("Content-Encoding: gzip");
		assertThat(Git.check(site.path("clones/branches"), "branch", "--list", "branch-*").lines()).hasSize(40);
	}

	@Test
	void aGzipRequestBodyReachesTheBackendAsSent() throws IOException {
		String head = Git.check(site.path("git/project.git"), "rev-parse", "main").trim();
		String request = pktLine("want " + head + "\n") + "0000" + pktLine("done\n");
		ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
			gzip.write(request.getBytes(StandardCharsets.US_ASCII));
		}
		Http http = new Http(this.port);
		HttpResponse<byte[]> response = http.send(http.request("/git/project.git/git-upload-pack")
			.header("Content-Type", "application/x-git-upload-pack-request")
			.header("Content-Encoding", "gzip")
			.POST(BodyPublishers.ofByteArray(gzipped.toByteArray()))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-git-upload-pack-result");
		String body = new String(response.body(), StandardCharsets.ISO_8859_1);
		assertThat(body).startsWith("0008NAK\n").contains("PACK");
	}

	@Test
	void aLargePushIsTakenWhole() {
		Path work = site.folder("clones").resolve("large");
		Git.check(site.root(), "clone", "-q", url("", "/git/large.git"), work.toString());
		byte[] data = new byte[20 * 1024 * 1024];
		new Random(33).nextBytes(data);
		writeFile(work.resolve("data.bin"), data);
		Git.commit(work, "twenty megabytes");
		Git.check(work, "remote", "set-url", "--push", "origin", url("alice:alice-secret@", "/git/large.git"));
		// Over http.postBuffer (1 MB by default), git sends the pack chunked.
		Git.Result push = Git.run(work, Map.of("GIT_TRACE_CURL", "1", "GIT_TRACE_CURL_NO_DATA", "1"), "push", "origin",
				"main");
		assertThat(push.status()).as(push.output()).isZero();
		assertThat(push.output()).containsIgnoringCase("Transfer-Encoding: chunked");
		assertThat(lastCommit("large.git")).isEqualTo("twenty megabytes");
		assertThat(Git.check(site.path("git/large.git"), "cat-file", "-s", "main:data.bin").trim())
			.isEqualTo(String.valueOf(data.length));
	}

	private String lastCommit(String repository) {
		return Git.check(site.path("git/" + repository), "log", "-1", "--format=%s", "main").trim();
	}

	private String url(String credentials, String path) {
		return "http://" + credentials + "127.0.0.1:" + this.port + path;
	}

	private static String pktLine(String payload) {
		return String.format("%04x", payload.length() + 4) + payload;
	}

	private static void writeFile(Path file, String content) {
		writeFile(file, content.getBytes(StandardCharsets.UTF_8));
	}

	private static void writeFile(Path file, byte[] content) {
		try {
			Files.write(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
