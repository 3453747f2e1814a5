package org.cgiserver.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of cgiserver, bound from {@code cgi.*}.
 */
@ConfigurationProperties("cgi")
public class CgiProperties {

	/**
	 * Folder whose files are served; CGI prefixes without a target live below it.
	 */
	private Path documentRoot = Path.of(".");

	/**
	 * Whether folders without an index file are answered with an HTML listing.
	 */
	private boolean directoryListing = true;

	/**
	 * File names tried, in order, when a folder is requested.
	 */
	private List<String> indexFiles = new ArrayList<>(List.of("index.html", "index.htm"));

	/**
	 * Whether symbolic links that resolve outside the document root (or a prefix's
	 * folder) are followed.
	 */
	private boolean followSymlinksOutsideRoot = false;

	/**
	 * Whether files and folders whose name starts with a dot are served.
	 */
	private boolean serveHidden = false;

	/**
	 * Whether a static file's precompressed sibling ({@code name.br}, {@code name.gz}) is
	 * sent in its place, with its {@code Content-Encoding}, to clients that accept that
	 * coding, as nginx's {@code gzip_static}. Unset, it follows
	 * {@code server.compression.enabled}: looking for siblings costs every static request
	 * a file look-up or two, so a server that does not compress does not pay for it.
	 */
	private @Nullable Boolean precompressed;

	/**
	 * URL prefixes whose targets run as CGI scripts.
	 */
	private List<Prefix> prefixes = new ArrayList<>(List.of(new Prefix("/cgi-bin"), new Prefix("/htbin")));

	/**
	 * File extensions (without the dot) that run as CGI anywhere under the document
	 * root.
	 */
	private List<String> extensions = new ArrayList<>();

	/**
	 * Interpreter program per file extension (without the dot); scripts without one
	 * are executed directly (shebang). Python files run with python3 by default, as
	 * Python's own CGI server runs them; 'none' switches an extension's interpreter off.
	 */
	private Map<String, String> interpreters = new LinkedHashMap<>(Map.of("py", "python3"));

	/**
	 * Whether a GET or HEAD query string without '=' is passed as command-line
	 * arguments (RFC 3875 4.4).
	 */
	private boolean commandLineArguments = false;

	/**
	 * Whether the Authorization and Proxy-Authorization headers are passed to scripts
	 * as HTTP_AUTHORIZATION and HTTP_PROXY_AUTHORIZATION.
	 */
	private boolean passAuthorization = false;

	/**
	 * Variables of the server's own environment that are passed on to scripts. PATH is not
	 * among them: scripts get /usr/local/bin:/usr/bin:/bin unless cgi.env.PATH says
	 * otherwise, not the folders of the server's user.
	 */
	private List<String> passEnv = new ArrayList<>(List.of("LANG", "TZ", "LD_LIBRARY_PATH"));

	/**
	 * Extra environment variables given to every script, such as PATH (which scripts
	 * otherwise get as /usr/local/bin:/usr/bin:/bin). REDIRECT_STATUS (200 by default,
	 * which php-cgi needs) is changed here, or removed with an empty value.
	 */
	private Map<String, String> env = new LinkedHashMap<>();

	/**
	 * Largest request body accepted for a script; larger ones are answered with 413.
	 */
	private DataSize maxRequestBody = DataSize.ofMegabytes(100);

	/**
	 * Largest header block a script may write before its body, as written and as sent
	 * (else 502). The server's response header buffer
	 * (server.max-http-response-header-size) is raised to hold it and the server's own
	 * headers; each connection being served holds one. Between 1KB and 1MB.
	 */
	private DataSize maxHeaderSize = DataSize.ofKilobytes(8);

	/**
	 * How many local redirects (a Location header with a path only) one request may
	 * follow.
	 */
	private int maxLocalRedirects = 10;

	/**
	 * Wall-clock limit of one script run.
	 */
	private Duration timeout = Duration.ofSeconds(60);

	/**
	 * Limit on how long a script may write nothing; unset means no such limit.
	 */
	private @Nullable Duration idleTimeout;

	/**
	 * Limits of scripts that answer with Server-Sent Events (Content-Type:
	 * text/event-stream), which replace cgi.timeout and cgi.idle-timeout once the script
	 * has sent its headers.
	 */
	private final EventStream eventStream = new EventStream();

	/**
	 * Time between SIGTERM and SIGKILL when a script's process tree is stopped.
	 */
	private Duration killGrace = Duration.ofSeconds(5);

	/**
	 * Whether scripts are started with posix_spawn through the Foreign Function &amp; Memory
	 * API where the JDK (22+) and the C library (glibc 2.34+) allow it, which starts them
	 * faster than the JDK's ProcessBuilder; false always uses ProcessBuilder.
	 */
	private boolean nativeLaunch = true;

	/**
	 * Most scripts running at once; further requests wait up to the queue timeout.
	 */
	private int maxConcurrent = Math.max(8, 8 * Runtime.getRuntime().availableProcessors());

	/**
	 * How long a request waits for a free script slot before it is answered with 503.
	 */
	private Duration queueTimeout = Duration.ofSeconds(5);

	/**
	 * User that scripts run as when the server runs as root (default: nobody); when the
	 * server is not root, scripts run as its own user and only that user may be named.
	 */
	private @Nullable String runAs;

	/**
	 * Resource limits applied to each script.
	 */
	private final Limits limits = new Limits();

	/**
	 * What keeps one run's processes from outliving it and from the other runs.
	 */
	private final Isolation isolation = new Isolation();

	/**
	 * Run history kept for the cgi actuator endpoint.
	 */
	private final History history = new History();

	/**
	 * Where request bodies wait for their script: the client's upload is taken as fast as
	 * it comes, so a client that sends its whole body before it reads never deadlocks
	 * with a script that answers while it reads.
	 */
	private final RequestSpool requestSpool = new RequestSpool();

	/**
	 * Whether one line per request is logged to the 'cgiserver.access' logger.
	 */
	private boolean accessLog = true;

	/**
	 * Form of the access log's lines: key-value, combined (Apache's) or json.
	 */
	private AccessLogFormat accessLogFormat = AccessLogFormat.KEY_VALUE;

	/**
	 * Where the access log's lines go: log (the server's log, behind its pattern), stdout
	 * (bare lines, for jq, GoAccess, Loki or Filebeat) or file (bare lines to
	 * access-log-file, rotated by logging.logback.rollingpolicy.*).
	 */
	private AccessLogOutput accessLogOutput = AccessLogOutput.LOG;

	/**
	 * File of the access log when access-log-output is file; rotated files are named
	 * after it, with their date, number and '.gz'.
	 */
	private @Nullable Path accessLogFile;

	/**
	 * Page in the document root shown to browsers for an error status, by status (like
	 * Apache's ErrorDocument), such as 404: /errors/404.html; other statuses get a short
	 * built-in page.
	 */
	private Map<Integer, String> errorPages = new LinkedHashMap<>();

	public Path getDocumentRoot() {
		return this.documentRoot;
	}

	public void setDocumentRoot(Path documentRoot) {
		this.documentRoot = documentRoot;
	}

	public boolean isDirectoryListing() {
		return this.directoryListing;
	}

	public void setDirectoryListing(boolean directoryListing) {
		this.directoryListing = directoryListing;
	}

	public List<String> getIndexFiles() {
		return this.indexFiles;
	}

	public void setIndexFiles(List<String> indexFiles) {
		this.indexFiles = indexFiles;
	}

	public boolean isFollowSymlinksOutsideRoot() {
		return this.followSymlinksOutsideRoot;
	}

	public void setFollowSymlinksOutsideRoot(boolean followSymlinksOutsideRoot) {
		this.followSymlinksOutsideRoot = followSymlinksOutsideRoot;
	}

	public boolean isServeHidden() {
		return this.serveHidden;
	}

	public void setServeHidden(boolean serveHidden) {
		this.serveHidden = serveHidden;
	}

	public @Nullable Boolean getPrecompressed() {
		return this.precompressed;
	}

	public void setPrecompressed(@Nullable Boolean precompressed) {
		this.precompressed = precompressed;
	}

	public List<Prefix> getPrefixes() {
		return this.prefixes;
	}

	public void setPrefixes(List<Prefix> prefixes) {
		this.prefixes = prefixes;
	}

	public List<String> getExtensions() {
		return this.extensions;
	}

	public void setExtensions(List<String> extensions) {
		this.extensions = extensions;
	}

	public Map<String, String> getInterpreters() {
		return this.interpreters;
	}

	public void setInterpreters(Map<String, String> interpreters) {
		this.interpreters = interpreters;
	}

	public boolean isCommandLineArguments() {
		return this.commandLineArguments;
	}

	public void setCommandLineArguments(boolean commandLineArguments) {
		this.commandLineArguments = commandLineArguments;
	}

	public boolean isPassAuthorization() {
		return this.passAuthorization;
	}

	public void setPassAuthorization(boolean passAuthorization) {
		this.passAuthorization = passAuthorization;
	}

	public List<String> getPassEnv() {
		return this.passEnv;
	}

	public void setPassEnv(List<String> passEnv) {
		this.passEnv = passEnv;
	}

	public Map<String, String> getEnv() {
		return this.env;
	}

	public void setEnv(Map<String, String> env) {
		this.env = env;
	}

	public DataSize getMaxRequestBody() {
		return this.maxRequestBody;
	}

	public void setMaxRequestBody(DataSize maxRequestBody) {
		this.maxRequestBody = maxRequestBody;
	}

	public DataSize getMaxHeaderSize() {
		return this.maxHeaderSize;
	}

	public void setMaxHeaderSize(DataSize maxHeaderSize) {
		this.maxHeaderSize = maxHeaderSize;
	}

	public int getMaxLocalRedirects() {
		return this.maxLocalRedirects;
	}

	public void setMaxLocalRedirects(int maxLocalRedirects) {
		this.maxLocalRedirects = maxLocalRedirects;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public EventStream getEventStream() {
		return this.eventStream;
	}

	public Duration getKillGrace() {
		return this.killGrace;
	}

	public void setKillGrace(Duration killGrace) {
		this.killGrace = killGrace;
	}

	public boolean isNativeLaunch() {
		return this.nativeLaunch;
	}

	public void setNativeLaunch(boolean nativeLaunch) {
		this.nativeLaunch = nativeLaunch;
	}

	public int getMaxConcurrent() {
		return this.maxConcurrent;
	}

	public void setMaxConcurrent(int maxConcurrent) {
		this.maxConcurrent = maxConcurrent;
	}

	public Duration getQueueTimeout() {
		return this.queueTimeout;
	}

	public void setQueueTimeout(Duration queueTimeout) {
		this.queueTimeout = queueTimeout;
	}

	public @Nullable String getRunAs() {
		return this.runAs;
	}

	public void setRunAs(@Nullable String runAs) {
		this.runAs = runAs;
	}

	public Isolation getIsolation() {
		return this.isolation;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public History getHistory() {
		return this.history;
	}

	public RequestSpool getRequestSpool() {
		return this.requestSpool;
	}

	public Map<Integer, String> getErrorPages() {
		return this.errorPages;
	}

	public void setErrorPages(Map<Integer, String> errorPages) {
		this.errorPages = errorPages;
	}

	public AccessLogFormat getAccessLogFormat() {
		return this.accessLogFormat;
	}

	public void setAccessLogFormat(AccessLogFormat accessLogFormat) {
		this.accessLogFormat = accessLogFormat;
	}

	public AccessLogOutput getAccessLogOutput() {
		return this.accessLogOutput;
	}

	public void setAccessLogOutput(AccessLogOutput accessLogOutput) {
		this.accessLogOutput = accessLogOutput;
	}

	public @Nullable Path getAccessLogFile() {
		return this.accessLogFile;
	}

	public void setAccessLogFile(@Nullable Path accessLogFile) {
		this.accessLogFile = accessLogFile;
	}

	public boolean isAccessLog() {
		return this.accessLog;
	}

	public void setAccessLog(boolean accessLog) {
		this.accessLog = accessLog;
	}

	/**
	 * Limits on how slowly clients may send their requests.
	 */
	private final Connections connections = new Connections();

	public Connections getConnections() {
		return this.connections;
	}

	/**
	 * Downloads that scripts hand to the server with an {@code X-Sendfile} header.
	 */
	private final XSendfile xSendfile = new XSendfile();

	public XSendfile getXSendfile() {
		return this.xSendfile;
	}

	/**
	 * One URL prefix whose targets run as CGI.
	 */
	public static class Prefix {

		/**
		 * URL path of the prefix, such as /cgi-bin; matches whole path segments.
		 */
		private @Nullable String path;

		/**
		 * Absolute path of a folder of scripts or of one program; default: the document
		 * root plus the prefix path.
		 */
		private @Nullable Path target;

		/**
		 * Extra meta-variables for scripts under this prefix only.
		 */
		private Map<String, String> env = new LinkedHashMap<>();

		/**
		 * Wall-clock limit of one run under this prefix; default: cgi.timeout.
		 */
		private @Nullable Duration timeout;

		/**
		 * User this prefix's scripts run as, like suEXEC per virtual host, so that two
		 * applications never share a user; default: cgi.run-as. Only a server running as
		 * root can name another user than its own.
		 */
		private @Nullable String runAs;

		/**
		 * Isolation of this prefix's runs where it differs from cgi.isolation.
		 */
		private final PrefixIsolation isolation = new PrefixIsolation();

		/**
		 * Limits of event streams under this prefix; default: cgi.event-stream.
		 */
		private final PrefixEventStream eventStream = new PrefixEventStream();

		/**
		 * Whether a script under this prefix may take over its connection, like
		 * lighttpd's cgi.upgrade: a request with an Upgrade header reaches the script with
		 * HTTP_UPGRADE, HTTP_CONNECTION and the Sec-WebSocket-* headers, and a script that
		 * answers 'Status: 101' with Upgrade and Sec-WebSocket-Accept headers gets the
		 * connection as a byte pipe (the client's bytes on its standard input, its output
		 * to the client) until either end closes it, not cut by the timeout.
		 */
		private boolean upgrade;

		/**
		 * Origins (such as https://app.example.org) whose pages may open an upgraded
		 * connection to this prefix besides its own; requests without an Origin header
		 * (clients other than browsers) are let through. Only with upgrade.
		 */
		private List<String> origins = new ArrayList<>();

		/**
		 * Whether the prefix's scripts talk over WebSocket, the websocketd way: text (a
		 * message is a line) or binary (raw reads); the server accepts the handshake and
		 * starts the script once per connection, within the limits of cgi.websocket.
		 * Unset (the default) runs them as plain CGI.
		 */
		private @Nullable WebSocketMode websocket;

		public Prefix() {
		}

		Prefix(String path) {
			this.path = path;
		}

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public @Nullable Path getTarget() {
			return this.target;
		}

		public void setTarget(@Nullable Path target) {
			this.target = target;
		}

		public Map<String, String> getEnv() {
			return this.env;
		}

		public void setEnv(Map<String, String> env) {
			this.env = env;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable WebSocketMode getWebsocket() {
			return this.websocket;
		}

		public void setWebsocket(@Nullable WebSocketMode websocket) {
			this.websocket = websocket;
		}

		public boolean isUpgrade() {
			return this.upgrade;
		}

		public void setUpgrade(boolean upgrade) {
			this.upgrade = upgrade;
		}

		public List<String> getOrigins() {
			return this.origins;
		}

		public void setOrigins(List<String> origins) {
			this.origins = origins;
		}

		public @Nullable String getRunAs() {
			return this.runAs;
		}

		public void setRunAs(@Nullable String runAs) {
			this.runAs = runAs;
		}

		public PrefixIsolation getIsolation() {
			return this.isolation;
		}

		public PrefixEventStream getEventStream() {
			return this.eventStream;
		}

	}

	/**
	 * Isolation of one prefix's runs.
	 */
	public static class PrefixIsolation {

		/**
		 * How this prefix's runs' processes are made to end with the run (see
		 * cgi.isolation.processes); default: cgi.isolation.processes. Lets an operator
		 * give a PID namespace to the runs of one application only.
		 */
		private Isolation.@Nullable Processes processes;

		public Isolation.@Nullable Processes getProcesses() {
			return this.processes;
		}

		public void setProcesses(Isolation.@Nullable Processes processes) {
			this.processes = processes;
		}

	}

	/**
	 * Limits of a script that answers with Server-Sent Events. Its events go to the client
	 * as it writes them, uncompressed, for as long as these limits allow; a client that
	 * leaves stops it at once.
	 */
	public static class EventStream {

		/**
		 * Longest time an event stream may run, counted from its script's start; it is then
		 * ended (a browser's EventSource reconnects by itself). An hour keeps a page open all
		 * day at the cost of a reconnection each hour, and lets redeployed scripts and
		 * changed logins reach every open page within the hour.
		 */
		private Duration maxDuration = Duration.ofHours(1);

		/**
		 * Longest time an event stream may write nothing; it is then ended. Five minutes is
		 * well above the keep-alive comments a live page sends (proxies and browsers drop a
		 * silent connection after one to a few minutes), and ends a script that hangs.
		 */
		private Duration idleTimeout = Duration.ofMinutes(5);

		public Duration getMaxDuration() {
			return this.maxDuration;
		}

		public void setMaxDuration(Duration maxDuration) {
			this.maxDuration = maxDuration;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * Limits of event streams under one prefix; unset ones are those of cgi.event-stream.
	 */
	public static class PrefixEventStream {

		/**
		 * Longest time an event stream under this prefix may run; default:
		 * cgi.event-stream.max-duration.
		 */
		private @Nullable Duration maxDuration;

		/**
		 * Longest time an event stream under this prefix may write nothing; default:
		 * cgi.event-stream.idle-timeout.
		 */
		private @Nullable Duration idleTimeout;

		public @Nullable Duration getMaxDuration() {
			return this.maxDuration;
		}

		public void setMaxDuration(@Nullable Duration maxDuration) {
			this.maxDuration = maxDuration;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * Resource limits of each script, like Apache's RLimit directives; unset means no
	 * limit.
	 */
	public static class Limits {

		/**
		 * CPU time a script may use, in seconds unless a unit is given (RLIMIT_CPU).
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration cpu;

		/**
		 * Address space a script may use (RLIMIT_AS).
		 */
		private @Nullable DataSize memory;

		/**
		 * Processes the script's user may have (RLIMIT_NPROC).
		 */
		private @Nullable Integer processes;

		/**
		 * Files a script may have open (RLIMIT_NOFILE, soft and hard), as a service of
		 * systemd gets by default; set it empty to let scripts inherit the server's own
		 * limit, which the JVM raises to its hard limit. A text rather than a number so
		 * that an empty value can be told from an unset one.
		 */
		private String openFiles = "1024";

		public @Nullable Duration getCpu() {
			return this.cpu;
		}

		public void setCpu(@Nullable Duration cpu) {
			this.cpu = cpu;
		}

		public @Nullable DataSize getMemory() {
			return this.memory;
		}

		public void setMemory(@Nullable DataSize memory) {
			this.memory = memory;
		}

		public @Nullable Integer getProcesses() {
			return this.processes;
		}

		public void setProcesses(@Nullable Integer processes) {
			this.processes = processes;
		}

		public String getOpenFiles() {
			return this.openFiles;
		}

		public void setOpenFiles(@Nullable String openFiles) {
			this.openFiles = (openFiles != null) ? openFiles : "";
		}

	}

	/**
	 * What keeps one run's processes from outliving it and from the other runs.
	 */
	public static class Isolation {

		/**
		 * How a run's processes are made to end with the run: pid-namespace gives each run
		 * a PID namespace of its own (util-linux unshare; as root, or where unprivileged
		 * user namespaces are allowed), whose processes the kernel ends together however
		 * they detach; sweep finds them by the run's id in their environment and by
		 * descent, which a script can escape; auto uses a PID namespace where one can be
		 * created and says why not otherwise.
		 */
		private Processes processes = Processes.SWEEP;

		/**
		 * Whether every run gets a temporary folder of its own as TMPDIR (mode 0700, owned
		 * by the scripts' user, in a folder they cannot list), removed with its files when
		 * the run ends. A prefix whose scripts share temporary files sets its own TMPDIR in
		 * its env, and gets none.
		 */
		private boolean privateTmp = true;

		/**
		 * Whether a run in a PID namespace (processes: pid-namespace, server-wide or per
		 * prefix) also gets its own folder as /tmp, bound there in the run's own mount
		 * namespace, so that programs that ignore TMPDIR do not share /tmp either. Costs a
		 * shell and util-linux mount per run; the start fails where it cannot be had, or
		 * where the document root, a prefix's target or an interpreter is under /tmp.
		 */
		private boolean mountTmp = false;

		public boolean isMountTmp() {
			return this.mountTmp;
		}

		public void setMountTmp(boolean mountTmp) {
			this.mountTmp = mountTmp;
		}

		public boolean isPrivateTmp() {
			return this.privateTmp;
		}

		public void setPrivateTmp(boolean privateTmp) {
			this.privateTmp = privateTmp;
		}

		public Processes getProcesses() {
			return this.processes;
		}

		public void setProcesses(Processes processes) {
			this.processes = processes;
		}

		/**
		 * How a run's processes are made to end with the run.
		 */
		public enum Processes {

			/** A PID namespace per run where one can be created, else the sweep. */
			AUTO,

			/** A PID namespace per run; the server does not start without one. */
			PID_NAMESPACE,

			/** Processes are found by the run's id in their environment and by descent. */
			SWEEP

		}

	}

	/**
	 * Bounds of the run history shown by the cgi actuator endpoint.
	 */
	public static class History {

		/**
		 * How many recent runs are kept.
		 */
		private int size = 100;

		/**
		 * How many scripts get their own statistics entry.
		 */
		private int maxScripts = 1000;

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			this.size = size;
		}

		public int getMaxScripts() {
			return this.maxScripts;
		}

		public void setMaxScripts(int maxScripts) {
			this.maxScripts = maxScripts;
		}

	}

	/**
	 * The buffer between a client's upload and its script.
	 */
	public static class RequestSpool {

		/**
		 * Bytes of a request body kept in memory; the rest of a larger body that the
		 * script has not read yet goes to a temporary file.
		 */
		private DataSize memory = DataSize.ofKilobytes(256);

		/**
		 * Folder of the temporary files of large request bodies (default: the JVM's
		 * temporary folder); files left by a server that crashed are removed at start.
		 */
		private @Nullable Path folder;

		public DataSize getMemory() {
			return this.memory;
		}

		public void setMemory(DataSize memory) {
			this.memory = memory;
		}

		public @Nullable Path getFolder() {
			return this.folder;
		}

		public void setFolder(@Nullable Path folder) {
			this.folder = folder;
		}

	}

	/**
	 * Downloads handed to the server, as lighttpd's {@code cgi.x-sendfile} and Apache's
	 * mod_xsendfile: a script answers with {@code X-Sendfile: /absolute/path} and no
	 * body, and the server sends that file as it sends static files (ranges, ETag and
	 * conditional requests, sendfile), keeping the script's other headers.
	 */
	public static class XSendfile {

		/**
		 * Absolute folders whose files scripts may name in {@code X-Sendfile}; a file
		 * whose real path is outside all of them is refused with 502. Empty (the
		 * default) turns the feature off, and the header then reaches the client as any
		 * other header.
		 */
		private List<Path> folders = new ArrayList<>();

		public List<Path> getFolders() {
			return this.folders;
		}

		public void setFolders(List<Path> folders) {
			this.folders = folders;
		}

	}

	/**
	 * Limits on how slowly clients may send their requests, as Apache's
	 * mod_reqtimeout: a connection that fails them is closed.
	 */
	public static class Connections {

		/**
		 * Time a request header may take from its first byte to its end; the connection
		 * is closed when it is not complete by then.
		 */
		private Duration headerTimeout = Duration.ofSeconds(20);

		/**
		 * Time the server may wait for a request body's bytes before min-body-rate
		 * counts; each min-body-rate bytes received add one second.
		 */
		private Duration bodyTimeout = Duration.ofSeconds(20);

		/**
		 * Lowest rate, in bytes per second, at which a request body must arrive once
		 * body-timeout is used up; the connection is closed, and its script stopped, when
		 * it arrives slower.
		 */
		private DataSize minBodyRate = DataSize.ofBytes(500);

		public Duration getHeaderTimeout() {
			return this.headerTimeout;
		}

		public void setHeaderTimeout(Duration headerTimeout) {
			this.headerTimeout = headerTimeout;
		}

		public Duration getBodyTimeout() {
			return this.bodyTimeout;
		}

		public void setBodyTimeout(Duration bodyTimeout) {
			this.bodyTimeout = bodyTimeout;
		}

		public DataSize getMinBodyRate() {
			return this.minBodyRate;
		}

		public void setMinBodyRate(DataSize minBodyRate) {
			this.minBodyRate = minBodyRate;
		}

	}

}
