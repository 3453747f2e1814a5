package org.cgiserver.websocket;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IncomingMessageTests {

	private final IncomingMessage message = new IncomingMessage(10);

	@Test
	void aMessageInOnePartIsTheMessage() throws Exception {
		byte[] part = bytes("hello");
		assertThat(this.message.add(part, true)).isSameAs(part);
	}

	@Test
	void partsAreGatheredUntilTheLast() throws Exception {
		assertThat(this.message.add(bytes("hel"), false)).isNull();
		assertThat(this.message.add(bytes("lo "), false)).isNull();
		assertThat(this.message.add(bytes("you"), true)).asString(StandardCharsets.UTF_8).isEqualTo("hello you");
		assertThat(this.message.add(bytes("next"), true)).asString(StandardCharsets.UTF_8).isEqualTo("next");
	}

	@Test
	void aMessageOfTheLargestSizeIsTaken() throws Exception {
		assertThat(this.message.add(bytes("12345"), false)).isNull();
		assertThat(this.message.add(bytes("67890"), true)).asString(StandardCharsets.UTF_8).isEqualTo("1234567890");
	}

	@Test
	void aLargerMessageIsRefusedWhateverItsParts() throws Exception {
		assertThatExceptionOfType(IncomingMessage.TooLargeException.class)
			.isThrownBy(() -> this.message.add(bytes("12345678901"), true));
		assertThat(this.message.add(bytes("123456"), false)).isNull();
		assertThatExceptionOfType(IncomingMessage.TooLargeException.class)
			.isThrownBy(() -> this.message.add(bytes("78901"), false));
		assertThat(this.message.add(bytes("after"), true)).asString(StandardCharsets.UTF_8)
			.as("what was gathered is dropped")
			.isEqualTo("after");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
