package org.cgiserver.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTests {

	@Test
	void controlCharactersCannotStartANewLogLine() {
		assertThat(LogText.quoted("eve\nINFO forged")).isEqualTo("'eve\\x0aINFO forged'");
		assertThat(LogText.quoted("it's")).isEqualTo("'it\\x27s'");
	}

	@Test
	void longTextIsCut() {
		assertThat(LogText.quoted("x".repeat(500))).hasSize(200 + 5);
	}

}
