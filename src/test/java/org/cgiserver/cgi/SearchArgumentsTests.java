package org.cgiserver.cgi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchArgumentsTests {

	@Test
	void wordsSplitOnPlusAndDecoded() {
		assertThat(SearchArguments.parse("hello+wide%20world+%C3%A9")).containsExactly("hello", "wide world", "é");
	}

	@Test
	void noArgumentsForFormQueriesOrBadEncoding() {
		assertThat(SearchArguments.parse("a=1")).isEmpty();
		assertThat(SearchArguments.parse("")).isEmpty();
		assertThat(SearchArguments.parse("bad%zz")).isEmpty();
		assertThat(SearchArguments.parse("cut%2")).isEmpty();
	}

}
