package org.cgiserver.websocket;

import java.util.ArrayList;
import java.util.List;

import org.cgiserver.CgiServerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad WebSocket setting stops the start with a message naming the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebSocketSettingsStartupTests {

	@Test
	void unknownModeOfAPrefix(CapturedOutput output) {
		startFails("--cgi.prefixes[0].path=/ws", "--cgi.prefixes[0].websocket=txt");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("cgi.prefixes[0].websocket")
			.contains("txt");
	}

	@Test
	void noSessionAllowed(CapturedOutput output) {
		startFails("--cgi.websocket.max-sessions=0");
		assertThat(output).contains("The property 'cgi.websocket.max-sessions' has the value '0', which cannot be "
				+ "used: at least one session must be able to open.");
	}

	@Test
	void messageSizeOutOfBounds(CapturedOutput output) {
		startFails("--cgi.websocket.max-message-size=100B");
		assertThat(output).contains("The property 'cgi.websocket.max-message-size' has the value '100B', which cannot "
				+ "be used: it must be between 1KB and 16MB.");
	}

	@Test
	void negativePingInterval(CapturedOutput output) {
		startFails("--cgi.websocket.ping-interval=-1s");
		assertThat(output).contains("The property 'cgi.websocket.ping-interval' has the value 'PT-1S', which cannot "
				+ "be used: it must be positive, or zero to send no pings.");
	}

	private static void startFails(String... arguments) {
		List<String> all = new ArrayList<>(
				List.of("--server.port=0", "--management.server.port=", "--cgi.document-root=."));
		all.addAll(List.of(arguments));
		assertThatException().isThrownBy(
				() -> new SpringApplicationBuilder(CgiServerApplication.class).run(all.toArray(String[]::new)));
	}

}
