package org.cgiserver.websocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebSocketBuffersTests {

	private String before;

	@BeforeEach
	void remember() {
		this.before = System.getProperty(WebSocketBuffers.PROPERTY);
	}

	@AfterEach
	void restore() {
		if (this.before == null) {
			System.clearProperty(WebSocketBuffers.PROPERTY);
		}
		else {
			System.setProperty(WebSocketBuffers.PROPERTY, this.before);
		}
	}

	@Test
	void smallBuffersUnlessTheJvmWasToldOtherwise() {
		System.clearProperty(WebSocketBuffers.PROPERTY);
		WebSocketBuffers.preferSmall();
		assertThat(System.getProperty(WebSocketBuffers.PROPERTY)).isEqualTo("2048");
		System.setProperty(WebSocketBuffers.PROPERTY, "16384");
		WebSocketBuffers.preferSmall();
		assertThat(System.getProperty(WebSocketBuffers.PROPERTY)).isEqualTo("16384");
	}

}
