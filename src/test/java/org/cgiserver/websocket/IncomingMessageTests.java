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

	@Test
	void aLargeMessageIsGatheredFromManyParts() throws Exception {
		IncomingMessage large = new IncomingMessage(8192);
		byte[] part = new byte[1000];
		for (int i = 0; i < 8; i++) {
			java.util.Arrays.fill(part, (byte) ('a' + i));
			assertThat(large.add(part.clone(), false)).isNull();
		}
		byte[] message = large.add(bytes("end"), true);
		assertThat(message).hasSize(8003);
		assertThat(message[0]).isEqualTo((byte) 'a');
		assertThat(message[7999]).isEqualTo((byte) 'h');
		assertThat(new String(message, 8000, 3, StandardCharsets.UTF_8)).isEqualTo("end");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
