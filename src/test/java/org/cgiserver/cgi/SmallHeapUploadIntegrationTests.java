package org.cgiserver.cgi;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cgiserver.support.ServerInOwnJvm;
import org.cgiserver.support.StreamedResponse;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spooling keeps memory bounded: 200 MB echoed to a client that sends its whole body
 * before it reads, through a server whose heap is capped at 128 MB.
 */
class SmallHeapUploadIntegrationTests {

	static final long SIZE = 200_000_000L;

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@Test
	void twoHundredMegabytesEchoedToASendThenReadClient() throws Exception {
		site.script("www/cgi-bin/cat.sh", "#!/bin/sh\nprintf 'Content-Type: application/octet-stream\\n\\n'\nexec cat\n");
		site.writableFolder("spool");
		try (ServerInOwnJvm server = ServerInOwnJvm.start(site.root().resolve("server.log"),
				List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"), "--cgi.document-root=" + site.root().resolve("www"),
				"--cgi.request-spool.folder=" + site.root().resolve("spool"), "--cgi.max-request-body=300MB",
				"--cgi.timeout=5m");
				Socket socket = new Socket("127.0.0.1", server.port())) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /cgi-bin/cat.sh HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + "Content-Length: "
					+ SIZE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] block = new byte[1 << 20];
			for (long sent = 0; sent < SIZE; sent += block.length) {
				out.write(block, 0, (int) Math.min(block.length, SIZE - sent));
			}
			out.flush();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			long count = 0;
			try (InputStream body = StreamedResponse.chunkedBody(skipHead(in))) {
				byte[] buffer = new byte[1 << 16];
				int read;
				while ((read = body.read(buffer)) != -1) {
					count += read;
				}
			}
			assertThat(count).isEqualTo(SIZE);
			assertThat(server.isAlive()).isTrue();
		}
	}

	private static InputStream skipHead(InputStream in) throws Exception {
		assertThat(StreamedResponse.readHead(in)).startsWith("HTTP/1.1 200");
		return in;
	}

}
