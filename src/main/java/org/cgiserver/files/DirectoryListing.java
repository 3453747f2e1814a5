package org.cgiserver.files;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import org.springframework.web.util.HtmlUtils;

/**
 * Renders the HTML listing of a folder, as {@code http.server} does: sorted names,
 * HTML-escaped text, links to each entry, folders marked with a slash. A link is always
 * a relative path, {@code ./} and the name with every byte but the unreserved ones
 * percent-encoded: no name ({@code javascript:alert(1)}, {@code //host}, {@code a#b},
 * {@code a;b}) can make it a URL with a scheme, another host, a fragment or a path
 * parameter. The page is sent with {@link org.cgiserver.text.PageHeaders}.
 */
public final class DirectoryListing {

	private static final Comparator<Entry> ORDER = Comparator.comparing((Entry entry) -> entry.name().toLowerCase())
		.thenComparing(Entry::name);

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private DirectoryListing() {
	}

	/**
	 * Renders a listing.
	 * @param urlPath the decoded URL path of the folder, ending in a slash
	 * @param entries the visible entries of the folder
	 * @return the HTML page
	 */
	public static String render(String urlPath, List<Entry> entries) {
		String title = "Directory listing for " + HtmlUtils.htmlEscape(urlPath);
		StringBuilder html = new StringBuilder(256 + entries.size() * 96);
		html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
			.append(title)
			.append("</title>\n</head>\n<body>\n<h1>")
			.append(title)
			.append("</h1>\n<hr>\n<ul>\n");
		entries.stream().sorted(ORDER).forEach((entry) -> {
			String suffix = entry.folder() ? "/" : "";
			html.append("<li><a href=\"")
				.append(HtmlUtils.htmlEscape(link(entry)))
				.append("\">")
				.append(HtmlUtils.htmlEscape(entry.name()))
				.append(suffix)
				.append("</a></li>\n");
		});
		html.append("</ul>\n<hr>\n</body>\n</html>\n");
		return html.toString();
	}

	/**
	 * The link to an entry, relative to the listed folder.
	 * @param entry the entry
	 * @return {@code ./} and the encoded name, with a slash after a folder's
	 */
	static String link(Entry entry) {
		byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
		StringBuilder link = new StringBuilder("./");
		for (byte b : name) {
			int c = b & 0xff;
			if (isUnreserved(c)) {
				link.append((char) c);
			}
			else {
				link.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
			}
		}
		return entry.folder() ? link.append('/').toString() : link.toString();
	}

	/** RFC 3986 section 2.3. */
	private static boolean isUnreserved(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	/**
	 * One entry of a listing.
	 *
	 * @param name the file or folder name
	 * @param folder whether it is a folder
	 */
	public record Entry(String name, boolean folder) {
	}

}
