package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.cgiserver.process.ServerUser;

/**
 * Debian's lighttpd ({@code /usr/sbin/lighttpd}) serving a folder of CGI scripts on a
 * free port of this host, with {@code cgi.upgrade = "enable"}: the server that scripts
 * which take over their connection are written for. Started in the foreground with a
 * generated configuration, stopped on close.
 */
public final class Lighttpd implements AutoCloseable {

	private static final Path BINARY = Path.of("/usr/sbin/lighttpd");

	private final Path folder;

	private final Process process;

	private final int port;

	private Lighttpd(Path folder, Process process, int port) {
		this.folder = folder;
		this.process = process;
		this.port = port;
	}

	/** Whether Debian's lighttpd is installed. */
	public static boolean installed() {
		return Files.isExecutable(BINARY);
	}

	/**
	 * Starts lighttpd with every file under a URL path run as a CGI program that may take
	 * over its connection.
	 * @param site the site, for the configuration's folder
	 * @param documentRoot the folder served
	 * @param cgiPath the URL path of the scripts, such as {@code /ws/}
	 * @return the running server
	 */
	public static Lighttpd start(TestSite site, Path documentRoot, String cgiPath) {
		Path folder = site.folder("lighttpd");
		int port = FreePort.next();
		String config = """
				server.document-root = "%s"
				server.bind = "127.0.0.1"
				server.port = %d
				server.modules = ( "mod_cgi" )
				%s
				$HTTP["url"] =~ "^%s" {
				  cgi.assign = ( "" => "" )
				  cgi.upgrade = "enable"
				}
				""".formatted(documentRoot, port,
				ServerUser.current().root() ? "server.username = \"nobody\"\nserver.groupname = \"nogroup\"" : "", cgiPath);
		try {
			Path conf = folder.resolve("lighttpd.conf");
			Files.writeString(conf, config);
			Path log = folder.resolve("output.log");
			Process process = new ProcessBuilder(BINARY.toString(), "-D", "-f", conf.toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Lighttpd lighttpd = new Lighttpd(folder, process, port);
			try {
				Awaitility.await()
					.alias("lighttpd listens on " + port)
					.atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> {
						if (!process.isAlive()) {
							throw new IllegalStateException("lighttpd ended:\n" + lighttpd.log());
						}
						return FreePort.taken(port);
					});
			}
			catch (RuntimeException ex) {
				lighttpd.close();
				throw ex;
			}
			return lighttpd;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** What lighttpd logged, for failure messages. */
	public String log() {
		try {
			Path log = this.folder.resolve("output.log");
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		Programs.stop(this.process);
	}

}
