package org.cgiserver.recipes;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * {@code config/examples/php.yml} as it is, with Debian's php-cgi: a form kept in a
 * session, posted with an upload larger than PHP's default limit, as a browser does.
 * Only the application's folder and its PHP settings point at the test's own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		args = "--spring.config.additional-location=file:config/examples/php.yml")
class PhpRecipeTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		site.file("www/form.php", """
				<?php
				session_start();
				$_SESSION['token'] ??= bin2hex(random_bytes(16));
				$_SESSION['documents'] ??= [];
				if ($_SERVER['REQUEST_METHOD'] === 'POST') {
					if (($_POST['token'] ?? '') !== $_SESSION['token']) {
						http_response_code(403);
						echo 'form expired';
						return;
					}
					$file = $_FILES['document'] ?? ['error' => 'none'];
					if ($file['error'] !== UPLOAD_ERR_OK) {
						http_response_code(400);
						echo 'upload failed: ', $file['error'];
						return;
					}
					$_SESSION['documents'][] = $_POST['title'] . ' ' . $file['name'] . ' '
						. filesize($file['tmp_name']) . ' ' . md5_file($file['tmp_name']);
				}
				echo '<form method="post" enctype="multipart/form-data">',
					'<input type="hidden" name="token" value="', $_SESSION['token'], '">',
					'<input name="title"><input type="file" name="document"></form>', "\\n";
				foreach ($_SESSION['documents'] as $document) {
					echo '<li>', htmlspecialchars($document), "</li>\\n";
				}
				""");
		// The site's PHP settings, as the recipe shows them: sessions in a folder of the
		// site's own, writable by the scripts' user, and uploads up to 20 MB.
		String sessions = site.writableFolder("sessions").toString();
		site.file("php/site.ini", "session.save_path = \"" + sessions + "\"\nupload_max_filesize = 20M\n"
				+ "post_max_size = 21M\n");
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).set("PHP_SITE_INI", site.path("php"));
	}

	@BeforeAll
	static void phpCgiIsInstalled() {
		assumeTrue(Programs.find("php-cgi") != null, "php-cgi (Debian's php-cgi) is not installed");
	}

	@LocalServerPort
	int port;

	@Test
	void aFormInASessionTakesAnUpload() {
		Http http = new Http(this.port);
		HttpResponse<String> form = http.get("/form.php");
		assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
		String cookie = form.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("PHPSESSID=");
		String session = cookie.substring(0, cookie.indexOf(';'));
		Matcher token = Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"").matcher(form.body());
		assertThat(token.find()).as(form.body()).isTrue();

		// Five megabytes: over php-cgi's own upload limit (2 MB), within the recipe's.
		byte[] document = new byte[5_000_000];
		new Random(33).nextBytes(document);
		String boundary = "----recipe-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + token.group(1)
				+ "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nreport\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"document\"; filename=\"data.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(document);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> posted = http.send(http.request("/form.php")
			.header("Cookie", session)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
		String entry = "<li>report data.bin 5000000 " + Checksums.md5(document) + "</li>";
		assertThat(posted.body()).contains(entry);

		HttpResponse<String> again = http.send(http.request("/form.php").header("Cookie", session).build());
		assertThat(again.body()).contains(entry);
		HttpResponse<String> stranger = http.get("/form.php");
		assertThat(stranger.body()).doesNotContain("<li>");
	}

	@Test
	void aFormFromAnotherSessionIsRefused() {
		Http http = new Http(this.port);
		HttpResponse<String> posted = http.send(http.request("/form.php")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("token=guess&title=x"))
			.build());
		assertThat(posted.statusCode()).isEqualTo(403);
		assertThat(posted.body()).isEqualTo("form expired");
	}

	@Test
	void onlyPhpRunsNotTheDefaultFolderOfScripts() {
		site.file("www/cgi-bin/hello.sh", "#!/bin/sh\necho run\n");
		site.path("www/cgi-bin/hello.sh").toFile().setExecutable(true, false);
		HttpResponse<String> response = new Http(this.port).get("/cgi-bin/hello.sh");
		// No /cgi-bin: the file is one of the site's, served as it is.
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("#!/bin/sh\necho run\n");
	}

}
