package org.cgiserver.cgi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpgradeInputTests {

	@Test
	void theBodyComesFirstThenTheClientsBytesUntilTheEnd() throws Exception {
		UpgradeInput input = new UpgradeInput(new ByteArrayInputStream("body;".getBytes(StandardCharsets.US_ASCII)));
		CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
			try {
				return input.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		assertThat(input.push("client".getBytes(StandardCharsets.US_ASCII), 0, 6)).isTrue();
		input.end();
		assertThat(read.get(10, TimeUnit.SECONDS)).asString(StandardCharsets.US_ASCII).isEqualTo("body;client");
		assertThat(input.push(new byte[1], 0, 1)).as("taken after the end").isFalse();
	}

	@Test
	void moreThanItHoldsPassesWhileItIsRead() throws Exception {
		UpgradeInput input = new UpgradeInput(null);
		byte[] bytes = new byte[200_000];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) (i * 31);
		}
		CompletableFuture<Boolean> pushed = CompletableFuture.supplyAsync(() -> {
			try {
				boolean taken = input.push(bytes, 0, bytes.length);
				input.end();
				return taken;
			}
			catch (InterruptedIOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(input.readAllBytes()).isEqualTo(bytes);
		assertThat(pushed.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aWriterHeldBackIsReleasedByTheEnd() throws Exception {
		UpgradeInput input = new UpgradeInput(null);
		CompletableFuture<Boolean> pushed = CompletableFuture.supplyAsync(() -> {
			try {
				return input.push(new byte[100_000], 0, 100_000);
			}
			catch (InterruptedIOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		input.end();
		assertThat(pushed.get(10, TimeUnit.SECONDS)).isFalse();
	}

}
