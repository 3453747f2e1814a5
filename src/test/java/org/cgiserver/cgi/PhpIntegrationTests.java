package org.cgiserver.cgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.cgiserver.support.Checksums;
import org.cgiserver.support.Http;
import org.cgiserver.support.Programs;
import org.cgiserver.support.TestSite;
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
 * PHP pages through Debian's real {@code php-cgi}, configured with the extension and
 * the interpreter alone: pages, forms, uploads, sessions and the {@code PATH_INFO}
 * routes of a front controller.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PhpIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/hello.php", "<?php echo 'hello ', $_GET['name'] ?? 'nobody', ' from ', PHP_SAPI;\n");
		site.file("www/form.php", "<?php echo $_SERVER['REQUEST_METHOD'], ' ', $_POST['title'] ?? '-';\n");
		site.file("www/upload.php", """
				<?php
				$file = $_FILES['document'] ?? null;
				if ($file === null || $file['error'] !== UPLOAD_ERR_OK) {
					http_response_code(400);
					echo 'no upload: ', $file['error'] ?? 'none';
					return;
				}
				echo $_POST['note'], ' ', $file['name'], ' ', filesize($file['tmp_name']), ' ',
					md5_file($file['tmp_name']);
				""");
		site.file("www/counter.php", """
				<?php
				session_start();
				$_SESSION['visits'] = ($_SESSION['visits'] ?? 0) + 1;
				echo 'visit ', $_SESSION['visits'];
				""");
		site.file("www/app/index.php", """
				<?php
				$route = $_SERVER['PATH_INFO'] ?? '/';
				if (preg_match('#^/users/(\\d+)$#', $route, $match)) {
					echo 'user ', $match[1];
				}
				elseif ($route === '/') {
					echo 'home';
				}
				else {
					http_response_code(404);
					echo 'no route ', $route;
				}
				echo "\\n", $_SERVER['SCRIPT_NAME'], ' ', $_SERVER['PHP_SELF'], ' ', $_SERVER['REQUEST_URI'];
				""");
		site.file("www/uploads/avatar.jpg", "<?php echo 'ran the upload';\n");
		// The sessions of this site in a folder of its own, through php-cgi's own way of
		// adding settings: an extra folder of .ini files beside the system's.
		Path sessions = site.writableFolder("sessions");
		site.file("php/site.ini", "session.save_path = \"" + sessions + "\"\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.set("cgi.extensions", "php")
			.set("cgi.interpreters.php", "php-cgi")
			.env("PHP_INI_SCAN_DIR", ":" + site.path("php"));
	}

	@BeforeAll
	static void phpCgiIsInstalled() {
		assumeTrue(Programs.find("php-cgi") != null, "php-cgi (Debian's php-cgi) is not installed");
	}

	@LocalServerPort
	int port;

	@Test
	void aPageRuns() {
		HttpResponse<String> response = new Http(this.port).get("/hello.php?name=ada");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello ada from cgi-fcgi");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
	}

	@Test
	void aFormIsPosted() {
		Http http = new Http(this.port);
		HttpResponse<String> response = http.send(http.request("/form.php")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("title=caf%C3%A9+au+lait"))
			.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("POST café au lait");
	}

	@Test
	void aFileIsUploaded() {
		byte[] document = new byte[300_000];
		for (int i = 0; i < document.length; i++) {
			document[i] = (byte) (i * 31);
		}
		String boundary = "----cgiserver-boundary";
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nreport\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"document\"; filename=\"data.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream form = new ByteArrayOutputStream();
		form.writeBytes(head);
		form.writeBytes(document);
		form.writeBytes(tail);
		Http http = new Http(this.port);
		// As a browser sends it, with its length; and chunked, as a streaming client may.
		for (BodyPublisher body : List.of(BodyPublishers.ofByteArray(form.toByteArray()),
				BodyPublishers.ofByteArrays(List.of(head, document, tail)))) {
			HttpResponse<String> response = http.send(http.request("/upload.php")
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(body)
				.build());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("report data.bin 300000 " + Checksums.md5(document));
		}
	}

	@Test
	void aSessionIsKeptBetweenRequests() {
		Http http = new Http(this.port);
		HttpResponse<String> first = http.get("/counter.php");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		assertThat(first.body()).isEqualTo("visit 1");
		String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("PHPSESSID=");
		HttpResponse<String> second = http.send(http.request("/counter.php")
			.header("Cookie", cookie.substring(0, cookie.indexOf(';')))
			.build());
		assertThat(second.body()).isEqualTo("visit 2");
		assertThat(sessionFiles()).contains("sess_" + cookie.substring("PHPSESSID=".length(), cookie.indexOf(';')));
	}

	@Test
	void aFrontControllerRoutesItsPathInfo() {
		Http http = new Http(this.port);
		HttpResponse<String> user = http.get("/app/index.php/users/42?tab=posts");
		assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
		assertThat(user.body())
			.isEqualTo("user 42\n/app/index.php /app/index.php/users/42 /app/index.php/users/42?tab=posts");
		HttpResponse<String> home = http.get("/app/index.php");
		assertThat(home.body()).isEqualTo("home\n/app/index.php /app/index.php /app/index.php");
		HttpResponse<String> missing = http.get("/app/index.php/nothing/here");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).startsWith("no route /nothing/here\n");
	}

	@Test
	void anUploadedFileWithCodeDoesNotRunBehindAPhpPath() {
		// The trap of servers that hand php-cgi the whole path and let its cgi.fix_pathinfo
		// find the file: /avatar.jpg/x.php ran the image as PHP.
		HttpResponse<String> response = new Http(this.port).get("/uploads/avatar.jpg/x.php");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("ran the upload");
	}

	private static List<String> sessionFiles() {
		try (Stream<Path> files = Files.list(site.path("sessions"))) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
