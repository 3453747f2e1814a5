package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small HTTP client bound to the test server's port.
 */
public final class Http {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final int port;

	public Http(int port) {
		this.port = port;
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(60));
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	public HttpResponse<String> post(String path, String body) {
		return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
	}

	public HttpResponse<String> send(HttpRequest request) {
		return send(request, HttpResponse.BodyHandlers.ofString());
	}

	public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
		try {
			return this.client.send(request, handler);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpClient client() {
		return this.client;
	}

}
