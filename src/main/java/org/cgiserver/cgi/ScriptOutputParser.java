package org.cgiserver.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.cgiserver.text.LogText;

/**
 * Reads and checks the header block a script writes before its body (RFC 3875 section
 * 6): lines ending in LF or CRLF up to a blank line. Nothing a script writes can inject a
 * header, split the response, or give one request two answers: an interim (1xx) status
 * is refused, and so is a header block larger than {@code cgi.max-header-size}, as the
 * script wrote it or as it will be sent, so that the container, whose response header
 * buffer is sized from the same limit, can always send it. The one interim status let
 * through is a 101 that takes over the connection where that was asked for and allowed
 * (see {@link ConnectionUpgrade}).
 */
public final class ScriptOutputParser {

	/** Headers that belong to the connection, not to the script. */
	private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
			"trailer", "upgrade", "proxy-connection", "proxy-authenticate");

	private static final Pattern LINE_END = Pattern.compile("\r?\n");

	/** What php-cgi writes, without any header, when its {@code cgi.force_redirect} refuses to run. */
	private static final String PHP_FORCE_REDIRECT_ALERT = "<b>Security Alert!</b> The PHP CGI cannot be accessed directly.";

	private final int maxHeaderSize;

	public ScriptOutputParser(int maxHeaderSize) {
		this.maxHeaderSize = maxHeaderSize;
	}

	/**
	 * Reads a CGI header block.
	 * @param output the script's standard output
	 * @return the parsed headers and the first body bytes
	 * @throws MalformedScriptOutputException when the headers are invalid
	 * @throws IOException when reading fails
	 */
	public ScriptResponse parse(InputStream output) throws MalformedScriptOutputException, IOException {
		return parse(output, false, null);
	}

	/**
	 * Reads the status line and headers of a non-parsed-header script.
	 * @param output the script's standard output
	 * @return the parsed headers and the first body bytes
	 * @throws MalformedScriptOutputException when the output is not an HTTP response head
	 * @throws IOException when reading fails
	 */
	public ScriptResponse parseNph(InputStream output) throws MalformedScriptOutputException, IOException {
		return parse(output, true, null);
	}

	/**
	 * Reads a CGI header block, or the status line and headers of a non-parsed-header
	 * script.
	 * @param output the script's standard output
	 * @param nph whether the script is a non-parsed-header script
	 * @param requestedUpgrade the protocols the request asked to switch to (its
	 * {@code Upgrade} header) where that is allowed, so that a 101 to one of them may
	 * answer it; {@code null} otherwise
	 * @return the parsed headers and the first body bytes
	 * @throws MalformedScriptOutputException when the headers are invalid
	 * @throws IOException when reading fails
	 */
	public ScriptResponse parse(InputStream output, boolean nph, @Nullable String requestedUpgrade)
			throws MalformedScriptOutputException, IOException {
		byte[] buffer = new byte[Math.min(this.maxHeaderSize + 4, 8192)];
		int length = 0;
		int scanned = 0;
		while (true) {
			int end = findEnd(buffer, scanned, length);
			if (end >= 0) {
				return parseBlock(buffer, end, length, nph, requestedUpgrade);
			}
			scanned = Math.max(0, length - 3);
			if (length >= this.maxHeaderSize) {
				throw new MalformedScriptOutputException(
						"the header block is larger than cgi.max-header-size (" + this.maxHeaderSize + " bytes)");
			}
			if (length == buffer.length) {
				buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, this.maxHeaderSize + 4));
			}
			int read = output.read(buffer, length, buffer.length - length);
			if (read < 0) {
				throw new MalformedScriptOutputException((length == 0) ? "the script wrote no output"
						: "the output ended before the blank line that ends the headers");
			}
			length += read;
		}
	}

	/** Index just past the blank line (LF LF or LF CR LF, or at the very start), or -1. */
	private static int findEnd(byte[] buffer, int from, int length) {
		for (int i = from; i < length; i++) {
			if (buffer[i] != '\n') {
				continue;
			}
			if (i == 0 || (i == 1 && buffer[0] == '\r')) {
				return i + 1;
			}
			if (buffer[i - 1] == '\n') {
				return i + 1;
			}
			if (buffer[i - 1] == '\r' && i >= 2 && buffer[i - 2] == '\n') {
				return i + 1;
			}
		}
		return -1;
	}

	private ScriptResponse parseBlock(byte[] buffer, int end, int length, boolean nph,
			@Nullable String requestedUpgrade)
			throws MalformedScriptOutputException {
		String block = new String(buffer, 0, end, StandardCharsets.ISO_8859_1);
		String[] lines = LINE_END.split(block, -1);
		int status = 0;
		String location = null;
		String contentType = null;
		String upgrade = null;
		boolean accepted = false;
		long contentLength = -1;
		List<ScriptResponse.Header> headers = new ArrayList<>();
		long sentSize = 0;
		int first = 0;
		if (nph) {
			status = parseStatusLine(lines[0]);
			first = 1;
		}
		for (int i = first; i < lines.length; i++) {
			String line = lines[i];
			if (line.isEmpty()) {
				break;
			}
			int colon = line.indexOf(':');
			if (colon <= 0) {
				if (i == first && line.startsWith(PHP_FORCE_REDIRECT_ALERT)) {
					throw new MalformedScriptOutputException("php-cgi refused to run it (\"Security Alert! The PHP CGI "
							+ "cannot be accessed directly\"): its cgi.force_redirect setting needs REDIRECT_STATUS, "
							+ "which the server sets to 200 unless cgi.env.REDIRECT_STATUS or the prefix's is set empty");
				}
				throw new MalformedScriptOutputException("a header line has no name or no colon: " + quote(line));
			}
			String name = line.substring(0, colon);
			String value = line.substring(colon + 1).strip();
			if (!isToken(name)) {
				throw new MalformedScriptOutputException("a header name is not valid: " + quote(name));
			}
			if (!isValidValue(value)) {
				throw new MalformedScriptOutputException("the value of header " + name + " has control characters");
			}
			String lowerName = name.toLowerCase(Locale.ROOT);
			if (isSent(lowerName, nph)) {
				sentSize += headerLineSize(name, value);
			}
			switch (lowerName) {
				case "status" -> {
					if (nph) {
						headers.add(new ScriptResponse.Header(name, value));
					}
					else {
						status = parseStatus(value);
					}
				}
				case "location" -> location = value;
				case "content-type" -> contentType = value;
				case "content-length" -> contentLength = parseLength(value);
				case "upgrade" -> upgrade = value;
				default -> {
					accepted |= lowerName.equals("sec-websocket-accept");
					if (!HOP_BY_HOP.contains(lowerName)) {
						headers.add(new ScriptResponse.Header(name, value));
					}
				}
			}
		}
		if (sentSize > this.maxHeaderSize) {
			throw new MalformedScriptOutputException("the headers are larger than cgi.max-header-size ("
					+ this.maxHeaderSize + " bytes) as they would be sent (" + sentSize + " bytes)");
		}
		status = finalStatus(status, upgrade != null && accepted && offered(requestedUpgrade, upgrade));
		if (location != null && location.isEmpty()) {
			throw new MalformedScriptOutputException("the Location header is empty");
		}
		byte[] bodyStart = Arrays.copyOfRange(buffer, end, length);
		return new ScriptResponse(status, location, contentType, contentLength, List.copyOf(headers), bodyStart,
				(status == 101) ? upgrade : null);
	}

	/** Whether a header line of the script goes out as a header of the response. */
	private static boolean isSent(String lowerName, boolean nph) {
		return !HOP_BY_HOP.contains(lowerName) && (nph || !"status".equals(lowerName));
	}

	/**
	 * The bytes a header takes in the response head: {@code name: value} and CRLF, one
	 * byte per character (the value was read as ISO-8859-1, as it is written).
	 */
	private static int headerLineSize(String name, String value) {
		return name.length() + 2 + value.length() + 2;
	}

	private static int parseStatusLine(String line) throws MalformedScriptOutputException {
		if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
			throw new MalformedScriptOutputException("an NPH script must start with an HTTP status line, not "
					+ quote(line));
		}
		return parseStatus(line.substring(9));
	}

	/** Parses {@code NNN reason}; the reason phrase is not sent by HTTP/1.1 servers today. */
	private static int parseStatus(String value) throws MalformedScriptOutputException {
		if (value.length() < 3 || (value.length() > 3 && value.charAt(3) != ' ')) {
			throw new MalformedScriptOutputException("the status is not 'NNN reason': " + quote(value));
		}
		int status = 0;
		for (int i = 0; i < 3; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				throw new MalformedScriptOutputException("the status is not 'NNN reason': " + quote(value));
			}
			status = status * 10 + (c - '0');
		}
		if (status < 100 || status > 599) {
			throw new MalformedScriptOutputException("the status code is out of range: " + status);
		}
		return status;
	}

	/**
	 * The one place that decides which statuses a script may answer with, from a
	 * {@code Status} header or an NPH status line. An interim status (1xx) would go out
	 * ahead of the answer the client waits for, and the next answer on the connection
	 * would be taken for this request's: the connection is out of step. The exception is
	 * a 101 that switches protocols, as lighttpd's {@code cgi.upgrade} lets a script do:
	 * only in answer to an upgrade request where the prefix allows it, only to a protocol
	 * the request named, and only with the {@code Upgrade} and {@code Sec-WebSocket-Accept}
	 * headers that complete a handshake.
	 * @param status the status, or 0 when none was given
	 * @param upgradeCompleted whether the request may be upgraded and the script's headers
	 * complete the handshake
	 */
	private static int finalStatus(int status, boolean upgradeCompleted) throws MalformedScriptOutputException {
		if (status == 101 && upgradeCompleted) {
			return status;
		}
		if (status != 0 && status < 200) {
			throw new MalformedScriptOutputException("the status " + status
					+ " is an interim response, not an answer to the request" + ((status == 101)
							? " (a 101 needs an upgrade request to a prefix with upgrade: true, an Upgrade header "
									+ "naming a protocol the request asked for, and Sec-WebSocket-Accept)"
							: ""));
		}
		return status;
	}

	/**
	 * Whether the protocol a script switches to is one the request asked for (RFC 9110
	 * 7.8: a server must not switch to a protocol the client did not name).
	 * @param requested the request's {@code Upgrade} header, or {@code null}
	 * @param chosen the script's {@code Upgrade} header
	 */
	private static boolean offered(@Nullable String requested, String chosen) {
		if (requested == null) {
			return false;
		}
		for (String protocol : requested.split(",")) {
			if (protocol.strip().equalsIgnoreCase(chosen.strip())) {
				return true;
			}
		}
		return false;
	}

	private static long parseLength(String value) throws MalformedScriptOutputException {
		try {
			long length = Long.parseLong(value);
			if (length >= 0) {
				return length;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new MalformedScriptOutputException("the Content-Length is not a number: " + quote(value));
	}

	/** RFC 9110 token characters. */
	private static boolean isToken(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
			if (!ok) {
				return false;
			}
		}
		return !name.isEmpty();
	}

	/** No control characters but horizontal tab (so no CR, LF or NUL). */
	private static boolean isValidValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

	private static String quote(@Nullable String text) {
		return LogText.quoted(text, 80);
	}

}
