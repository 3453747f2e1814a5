package org.cgiserver.errors;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.cgiserver.text.PageHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.View;
import org.springframework.web.util.HtmlUtils;

/**
 * A short page in the spirit of Apache's: the status, what happened, the path, and the
 * server's name; nothing about the server's insides. Readable on a phone, and sent with
 * {@link PageHeaders}, as it shows the path the client asked for.
 */
final class BuiltInErrorPage implements View {

	private final String serverName;

	BuiltInErrorPage(String serverName) {
		this.serverName = serverName;
	}

	@Override
	public String getContentType() {
		return "text/html;charset=UTF-8";
	}

	@Override
	public void render(@Nullable Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
			throws Exception {
		Map<String, ?> values = (model != null) ? model : Map.of();
		int status = (values.get("status") instanceof Integer code) ? code : response.getStatus();
		HttpStatus known = HttpStatus.resolve(status);
		String reason = (known != null) ? known.getReasonPhrase() : "Error";
		String message = text(values.get("message"));
		String path = text(values.get("path"));
		String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" + "<title>" + status + " "
				+ escape(reason) + "</title></head>\n<body>\n<h1>" + escape(reason) + "</h1>\n<p>"
				+ (message.isEmpty() ? "The request" : escape(message)) + ": <code>" + escape(path) + "</code></p>\n"
				+ "<hr>\n<address>" + escape(this.serverName) + " (" + escape(request.getServerName()) + ")</address>\n"
				+ "</body></html>\n";
		byte[] body = html.getBytes(StandardCharsets.UTF_8);
		response.setContentType(getContentType());
		PageHeaders.apply(response);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private static String text(@Nullable Object value) {
		return (value != null) ? value.toString() : "";
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
	}

}
