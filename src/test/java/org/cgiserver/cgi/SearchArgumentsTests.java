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
		assertThat(SearchArguments.parse("=x")).isEmpty();
		assertThat(SearchArguments.parse("%g0")).isEmpty();
		assertThat(SearchArguments.parse("cut%")).isEmpty();
	}

	@Test
	void everyHexDigitDecodes() {
		assertThat(SearchArguments.parse("%30%0a+%FF%fF")).containsExactly("0\n", "\ufffd\ufffd");
		assertThat(SearchArguments.parse("%41%7a%2B")).containsExactly("Az+");
	}

	@Test
	void emptyWordsAreKept() {
		assertThat(SearchArguments.parse("a++b+")).containsExactly("a", "", "b", "");
	}

}
