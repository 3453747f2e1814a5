package org.cgiserver.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real browser for tests: Debian's {@code chromium}, headless, driven over the Chrome
 * DevTools Protocol through the JDK's own WebSocket client.
 */
public final class HeadlessChromium implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path profile;

	private final WebSocket socket;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private HeadlessChromium(Process process, Path profile, URI page) {
		this.process = process;
		this.profile = profile;
		this.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(page, new Replies())
			.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
			.join();
	}

	/**
	 * The browser's program, if this machine has one.
	 * @return the path, or {@code null}
	 */
	public static @Nullable Path program() {
		return Programs.find("chromium");
	}

	/**
	 * Starts the browser with one blank page of the given size.
	 * @param width the window's width
	 * @param height the window's height
	 * @return the browser
	 * @throws IOException if it cannot be started
	 */
	public static HeadlessChromium start(int width, int height) throws IOException {
		Path profile = Files.createTempDirectory("chromium-profile");
		// --no-sandbox: tests run as root on CI, where Chromium's sandbox refuses to start.
		Process process = new ProcessBuilder(String.valueOf(program()), "--headless", "--no-sandbox", "--disable-gpu",
				"--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0",
				"--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			URI browser = CompletableFuture.supplyAsync(() -> devToolsAddress(process))
				.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
				.join();
			return new HeadlessChromium(process, profile, page(browser));
		}
		catch (RuntimeException ex) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw ex;
		}
	}

	private static URI devToolsAddress(Process process) {
		BufferedReader stderr = new BufferedReader(
				new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
		try {
			String line;
			while ((line = stderr.readLine()) != null) {
				Matcher matcher = LISTENING.matcher(line);
				if (matcher.find()) {
					drain(process);
					return URI.create(matcher.group(1));
				}
			}
			throw new IllegalStateException("chromium exited without a DevTools address");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Reads the rest of the browser's log, or it blocks on a full pipe. */
	private static void drain(Process process) {
		Thread reader = new Thread(() -> {
			try {
				process.getErrorStream().transferTo(OutputStream.nullOutputStream());
			}
			catch (IOException ex) {
				// the browser has gone
			}
		}, "chromium-stderr");
		reader.setDaemon(true);
		reader.start();
	}

	private static URI page(URI browser) {
		URI list = URI.create("http://" + browser.getAuthority() + "/json/list");
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString());
			for (JsonNode target : json.readTree(response.body())) {
				if ("page".equals(target.path("type").asString())) {
					return URI.create(target.path("webSocketDebuggerUrl").asString());
				}
			}
			throw new IllegalStateException("chromium has no page: " + response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Opens a URL and waits until its load event.
	 * @param url the address
	 */
	public void open(String url) {
		call("Page.enable", Map.of());
		call("Page.navigate", Map.of("url", url));
		awaitTrue("document.readyState === 'complete' && location.href === " + json.writeValueAsString(url));
	}

	/**
	 * Evaluates JavaScript in the page.
	 * @param expression the expression
	 * @return its value, as JSON
	 */
	public JsonNode evaluate(String expression) {
		JsonNode reply = call("Runtime.evaluate",
				Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
		if (reply.has("exceptionDetails")) {
			throw new IllegalStateException("The page threw: " + reply.get("exceptionDetails"));
		}
		return reply.path("result").path("value");
	}

	/**
	 * Waits until a JavaScript condition holds in the page.
	 * @param condition the condition
	 */
	public void awaitTrue(String condition) {
		Awaitility.await()
			.alias(condition)
			.atMost(WAIT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> evaluate("Boolean(" + condition + ")").asBoolean());
	}

	/**
	 * Saves what the page looks like now.
	 * @param file the PNG file to write
	 * @throws IOException if it cannot be written
	 */
	public void screenshot(Path file) throws IOException {
		JsonNode reply = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.write(file, Base64.getDecoder().decode(reply.path("data").asString()));
	}

	private JsonNode call(String method, Map<String, Object> params) {
		long id = this.ids.incrementAndGet();
		CompletableFuture<JsonNode> reply = new CompletableFuture<>();
		this.pending.put(id, reply);
		this.socket.sendText(json.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
			.join();
		JsonNode message = reply.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
		if (message.has("error")) {
			throw new IllegalStateException(method + " failed: " + message.get("error"));
		}
		return message.path("result");
	}

	@Override
	public void close() throws IOException {
		this.socket.abort();
		List<ProcessHandle> children = this.process.descendants().toList();
		Programs.stop(this.process);
		children.forEach(ProcessHandle::destroyForcibly);
		try (Stream<Path> files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	/** Matches replies to calls; events are ignored. */
	private final class Replies implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				JsonNode message = json.readTree(this.text.toString());
				this.text.setLength(0);
				if (message.has("id")) {
					CompletableFuture<JsonNode> reply = HeadlessChromium.this.pending.remove(message.get("id").asLong());
					if (reply != null) {
						reply.complete(message);
					}
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}
