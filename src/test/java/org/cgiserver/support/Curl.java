package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * curl against the server under test, for what a real client sends and decodes (such as
 * {@code --compressed}).
 */
public final class Curl {

	private final int port;

	public Curl(int port) {
		this.port = port;
	}

	/**
	 * Fetches a path of the server.
	 * @param path the path
	 * @param options curl's options
	 * @return the response as curl got it
	 */
	public Fetched fetch(String path, String... options) {
		try {
			Path headers = Files.createTempFile("headers-", ".txt");
			Path body = Files.createTempFile("body-", ".bin");
			try {
				List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--dump-header",
						headers.toString(), "--output", body.toString()));
				command.addAll(List.of(options));
				command.add("http://127.0.0.1:" + this.port + path);
				Programs.Result result = Programs.run(command);
				assertThat(result.status()).as(result.toString()).isZero();
				return new Fetched(Files.readAllLines(headers), Files.readAllBytes(body));
			}
			finally {
				Files.delete(headers);
				Files.delete(body);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A response as curl got it: its head as sent, its body as curl wrote it (decoded
	 * with {@code --compressed}, the bytes sent without).
	 * @param head the status line and header lines
	 * @param bytes the body
	 */
	public record Fetched(List<String> head, byte[] bytes) {

		public int status() {
			return Integer.parseInt(this.head.get(0).split(" ")[1]);
		}

		public String body() {
			return new String(this.bytes, StandardCharsets.UTF_8);
		}

		public @Nullable String header(String name) {
			return this.head.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
				.map((line) -> line.substring(name.length() + 1).strip())
				.findFirst()
				.orElse(null);
		}

	}

}
