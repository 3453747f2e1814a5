package org.cgiserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.cgiserver.process.ServerUser;

/**
 * Debian's nginx ({@code /usr/sbin/nginx}) as a reverse proxy on this host, started in a
 * folder of its own: its configuration, pid file, logs and temporary files stay there,
 * nothing of the machine's nginx is read or written. Each server block listens on a port
 * of its own on loopback and proxies everything to one upstream port.
 */
public final class Nginx implements AutoCloseable {

	private static final Path BINARY = Path.of("/usr/sbin/nginx");

	private final Path folder;

	private final Process process;

	private Nginx(Path folder, Process process) {
		this.folder = folder;
		this.process = process;
	}

	/** Whether Debian's nginx is installed. */
	public static boolean installed() {
		return Files.isExecutable(BINARY);
	}

	/**
	 * Starts nginx and waits until every server block takes connections.
	 * @param site the folder nginx lives in (its {@code nginx} subfolder)
	 * @param upstream the port every server block proxies to
	 * @param servers each server block's directives inside {@code location /}, besides
	 * {@code proxy_pass}, with the port it listens on
	 * @return the running nginx
	 */
	public static Nginx start(TestSite site, int upstream, List<Server> servers) {
		Path folder = site.folder("nginx");
		// As root, nginx runs its worker as nobody, which must write the temporary files.
		for (String temp : List.of("client-body", "proxy", "fastcgi", "uwsgi", "scgi")) {
			site.writableFolder("nginx/" + temp);
		}
		StringBuilder config = new StringBuilder();
		if (ServerUser.current().root()) {
			config.append("user nobody nogroup;\n");
		}
		config.append("""
				daemon off;
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log info;
				events { worker_connections 64; }
				http {
				  access_log %1$s/access.log;
				  client_body_temp_path %1$s/client-body;
				  proxy_temp_path %1$s/proxy;
				  fastcgi_temp_path %1$s/fastcgi;
				  uwsgi_temp_path %1$s/uwsgi;
				  scgi_temp_path %1$s/scgi;
				""".formatted(folder));
		for (Server server : servers) {
			config.append("""
					  server {
					    listen 127.0.0.1:%d;
					    location / {
					      proxy_pass http://127.0.0.1:%d;
					%s
					    }
					  }
					""".formatted(server.port(), upstream, server.directives().indent(6).stripTrailing()));
		}
		config.append("}\n");
		try {
			Path conf = folder.resolve("nginx.conf");
			Files.writeString(conf, config);
			Process process = new ProcessBuilder(BINARY.toString(), "-p", folder.toString(), "-c", conf.toString(),
					"-e", folder.resolve("error.log").toString())
				.redirectErrorStream(true)
				.redirectOutput(folder.resolve("stdout.log").toFile())
				.start();
			Nginx nginx = new Nginx(folder, process);
			try {
				for (Server server : servers) {
					Awaitility.await()
						.alias("nginx listens on " + server.port())
						.atMost(Duration.ofSeconds(30))
						.pollInterval(Duration.ofMillis(50))
						.until(() -> {
							if (!process.isAlive()) {
								throw new IllegalStateException("nginx ended:\n" + nginx.log());
							}
							// nginx writes its pid file once it has bound every port: a port that
							// answers before that may be another program's.
							return nginx.wrotePidFile() && FreePort.taken(server.port());
						});
				}
			}
			catch (RuntimeException ex) {
				nginx.close();
				throw ex;
			}
			return nginx;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private boolean wrotePidFile() {
		try {
			Path pidFile = this.folder.resolve("nginx.pid");
			return Files.exists(pidFile) && Files.readString(pidFile).strip().equals(Long.toString(this.process.pid()));
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Whether nginx still runs, and what it logged, for failure messages.
	 * @return a few lines for a person
	 */
	public String describe() {
		String state = this.process.isAlive() ? "nginx runs" : "nginx ended with " + this.process.exitValue();
		return state + "; its log:\n" + log();
	}

	/** What nginx logged, for failure messages. */
	public String log() {
		StringBuilder log = new StringBuilder();
		for (String name : List.of("stdout.log", "error.log")) {
			try {
				Path file = this.folder.resolve(name);
				if (Files.exists(file)) {
					log.append(Files.readString(file));
				}
			}
			catch (IOException ex) {
				log.append(ex).append('\n');
			}
		}
		return log.toString();
	}

	@Override
	public void close() {
		Programs.stop(this.process);
	}

	/**
	 * One server block of the proxy.
	 * @param port the port it listens on, on loopback
	 * @param directives its directives besides {@code proxy_pass}; empty for nginx's defaults
	 */
	public record Server(int port, String directives) {

		/**
		 * A server block with nginx's default proxy settings, as a bare
		 * {@code location / { proxy_pass ...; }} gives: {@code Host} is the upstream's
		 * address and port, no forwarded headers, HTTP/1.0.
		 */
		public static Server defaults() {
			return new Server(FreePort.next(), "");
		}

		/**
		 * A server block with the forwarded headers most guides set: the client's
		 * {@code Host}, its address, the addresses it came through and its scheme.
		 */
		public static Server forwardingHeaders() {
			return new Server(FreePort.next(), """
					proxy_set_header Host $host;
					proxy_set_header X-Real-IP $remote_addr;
					proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
					proxy_set_header X-Forwarded-Proto $scheme;
					""");
		}

	}

}
