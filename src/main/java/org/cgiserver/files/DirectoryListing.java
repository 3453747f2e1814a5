package org.cgiserver.files;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;

/**
 * Renders the HTML listing of a folder, as {@code http.server} does: sorted names,
 * HTML-escaped text, percent-encoded links, folders marked with a slash.
 */
public final class DirectoryListing {

	private static final Comparator<Entry> ORDER = Comparator.comparing((Entry entry) -> entry.name().toLowerCase())
		.thenComparing(Entry::name);

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
				.append(HtmlUtils.htmlEscape(UriUtils.encodePathSegment(entry.name(), StandardCharsets.UTF_8)))
				.append(suffix)
				.append("\">")
				.append(HtmlUtils.htmlEscape(entry.name()))
				.append(suffix)
				.append("</a></li>\n");
		});
		html.append("</ul>\n<hr>\n</body>\n</html>\n");
		return html.toString();
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
