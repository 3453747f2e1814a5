package org.cgiserver.cgi;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.cgiserver.files.HandedOverFiles;
import org.cgiserver.process.ScriptProcess;
import org.cgiserver.text.LogText;
/**
 * Answers a script that names a file in {@code X-Sendfile} (lighttpd's and Apache
 * mod_xsendfile's header) with that file, sent by the static engine, and its own other
 * headers. The script has answered once its headers are read: its output is no longer
 * read, and it is left to end.
 */
final class HandedOverResponse {

	private static final Logger logger = LoggerFactory.getLogger(CgiController.class);

	static final String HEADER = "X-Sendfile";

	private static final int MAX_LOGGED = 300;

	private final HandedOverFiles files;

	HandedOverResponse(HandedOverFiles files) {
		this.files = files;
	}

	/**
	 * Whether the server sends the file a response names; without
	 * {@code cgi.x-sendfile.folders} the header reaches the client as any other, as with
	 * Apache and lighttpd when theirs is off.
	 */
	boolean appliesTo(ScriptResponse head) {
		return this.files.enabled() && !named(head).isEmpty();
	}

	ScriptAnswer write(Script script, ScriptResponse head, HttpServletRequest request, HttpServletResponse response,
			ScriptProcess process) throws IOException {
		process.close();
		List<String> named = named(head);
		if (named.size() > 1) {
			return refuse(script, String.join(", ", named), "more than one " + HEADER + " header", response,
					HttpServletResponse.SC_BAD_GATEWAY);
		}
		String path = named.get(0);
		if ((head.status() != 0 && head.status() != HttpServletResponse.SC_OK) || head.location() != null) {
			return refuse(script, path, "it comes with a Status or Location of its own", response,
					HttpServletResponse.SC_BAD_GATEWAY);
		}
		HandedOverFiles.Lookup found = this.files.find(path);
		if (found.file() == null) {
			return refuse(script, path, found.problem(), response, found.status());
		}
		for (ScriptResponse.Header header : head.headers()) {
			if (!header.name().equalsIgnoreCase(HEADER)) {
				response.addHeader(header.name(), header.value());
			}
		}
		if (head.contentType() != null) {
			response.setContentType(head.contentType());
		}
		try {
			this.files.send(request, response, found.file());
		}
		catch (ServletException ex) {
			throw new IOException(ex.getMessage(), ex);
		}
		catch (IOException ex) {
			process.abort();
			logger.debug("Client went away during {} of {}: {}", HEADER, found.file(), ex.getMessage());
			return ScriptAnswer.failed(response.getStatus(), "client went away");
		}
		return ScriptAnswer.complete(response.getStatus());
	}

	private static ScriptAnswer refuse(Script script, String path, String problem, HttpServletResponse response,
			int status) throws IOException {
		logger.warn("CGI script {} named {} in {}, which is not sent: {}", script.scriptName(), LogText.quoted(path, MAX_LOGGED),
				HEADER, problem);
		response.sendError(status, (status == HttpServletResponse.SC_NOT_FOUND) ? "File not found"
				: "The script named a file that cannot be sent");
		return ScriptAnswer.failed(status, HEADER + " refused: " + problem);
	}

	private static List<String> named(ScriptResponse head) {
		return head.headers()
			.stream()
			.filter((header) -> header.name().equalsIgnoreCase(HEADER))
			.map(ScriptResponse.Header::value)
			.toList();
	}

}
