package org.cgiserver.files;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a listing links its entries: a relative path, every byte but the unreserved ones
 * percent-encoded.
 */
class DirectoryListingTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = { //
			"javascript:alert(1)|./javascript%3Aalert%281%29", //
			"a:b|./a%3Ab", "#top|./%23top", "?q=1|./%3Fq%3D1", "100%|./100%25", "`say \"hi\"`|./say%20%22hi%22",
			"<b>|./%3Cb%3E", "`two words`|./two%20words", "a;b|./a%3Bb", "a&b|./a%26b", "it's|./it%27s",
			"+@$!*,|./%2B%40%24%21%2A%2C", "été ☃|./%C3%A9t%C3%A9%20%E2%98%83", "日本|./%E6%97%A5%E6%9C%AC",
			"`\t\u007f`|./%09%7F", "azAZ09-._~|./azAZ09-._~", "a\\b|./a%5Cb", "x..|./x.." })
	void aFileIsLinkedByItsEncodedNameInTheFolder(String name, String link) {
		assertThat(DirectoryListing.link(new DirectoryListing.Entry(name, false))).isEqualTo(link);
		assertThat(DirectoryListing.link(new DirectoryListing.Entry(name, true))).isEqualTo(link + "/");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = { //
			"javascript:alert(1)|<li><a href=\"./javascript%3Aalert%281%29\">javascript:alert(1)</a></li>",
			"`<img src=x onerror=alert(1)>`|<li><a href=\"./%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E\">"
					+ "&lt;img src=x onerror=alert(1)&gt;</a></li>",
			"`\"><script>`|<li><a href=\"./%22%3E%3Cscript%3E\">&quot;&gt;&lt;script&gt;</a></li>" })
	void aListingShowsTheNameEscapedBesideItsLink(String name, String item) {
		String html = DirectoryListing.render("/list/<x>/", List.of(new DirectoryListing.Entry(name, false)));
		assertThat(html).contains(item, "<title>Directory listing for /list/&lt;x&gt;/</title>")
			.doesNotContain("<script", "<img");
	}

	@Test
	void entriesAreSortedByNameWhateverTheCase() {
		String html = DirectoryListing.render("/", List.of(new DirectoryListing.Entry("b", false),
				new DirectoryListing.Entry("B", true), new DirectoryListing.Entry("a", false)));
		assertThat(html.indexOf("./a\"")).isLessThan(html.indexOf("./B/\""));
		assertThat(html.indexOf("./B/\"")).isLessThan(html.indexOf("./b\""));
	}

}
