package org.cgiserver.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Python's {@code websockets} from Debian ({@code python3-websockets}) as a WebSocket
 * client: connects, sends a text, a binary and a large message and a ping, and prints
 * what came back, one line each, then closes and prints whether the server closed its
 * end promptly.
 */
public final class PythonWebsockets {

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	private static final String CLIENT = """
			import asyncio, sys, time, websockets
			async def main(url, origin):
			    async with websockets.connect(url, origin=origin or None, close_timeout=10) as ws:
			        await ws.send("hello")
			        print("text", await ws.recv())
			        await ws.send(bytes([0, 1, 254, 255]))
			        print("binary", (await ws.recv()).hex())
			        await ws.send("x" * 70000)
			        print("large", len(await ws.recv()))
			        await (await ws.ping(b"p"))
			        print("pong")
			        start = time.monotonic()
			    took = time.monotonic() - start
			    # The client waits up to close_timeout for the server to close its end.
			    print("closed", ws.close_code, "promptly" if took < 5 else "after %.1fs" % took)
			asyncio.run(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""))
			""";

	private PythonWebsockets() {
	}

	/** Skips the test unless Debian's python3 with its websockets module is installed. */
	public static void assumeInstalled() {
		Assumptions.assumeTrue(Files.isExecutable(PYTHON)
				&& Programs.run(List.of(PYTHON.toString(), "-c", "import websockets")).status() == 0,
				"Debian's python3-websockets is not installed (apt-get install python3-websockets)");
	}

	/**
	 * Talks to a WebSocket endpoint.
	 * @param url the ws:// URL
	 * @param origin the Origin to send, or {@code null} for none
	 * @return what the client printed, or its error
	 */
	public static Programs.Result talk(String url, String origin) {
		List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", CLIENT, url));
		if (origin != null) {
			command.add(origin);
		}
		return Programs.run(command);
	}

}
