package org.cgiserver.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTests {

	@Test
	void controlCharactersCannotStartANewLogLine() {
		assertThat(LogText.quoted("eve\nINFO forged", 200)).isEqualTo("'eve\\x0aINFO forged'");
		assertThat(LogText.quoted("it's", 200)).isEqualTo("'it\\x27s'");
	}

	@Test
	void longTextIsCut() {
		assertThat(LogText.quoted("x".repeat(500), 200)).hasSize(200 + 5);
	}

}
