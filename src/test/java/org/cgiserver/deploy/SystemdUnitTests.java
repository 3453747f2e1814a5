package org.cgiserver.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.cgiserver.config.CgiProperties;
import org.cgiserver.support.Http;
import org.cgiserver.support.Programs;
import org.cgiserver.support.ServerInOwnJvm;
import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The systemd unit: systemd's own checker accepts it, its hardening scores as printed,
 * its stop timeout outlasts the drain, and a root server confined to its capabilities
 * (and to no new privileges) still starts scripts as their user and stops every process
 * they leave. No systemd needs to run.
 */
class SystemdUnitTests {

	private static final Path UNIT = Path.of("deploy/systemd/cgiserver.service");

	/** The unit's own {@code java}, as Debian installs it. */
	private static final String JAVA = "/usr/bin/java";

	@RegisterExtension
	static final TestSite site = TestSite.create();

	@Test
	void systemdAnalyzeVerifiesTheUnitAndScoresItsHardening() throws IOException {
		Path analyze = Programs.find("systemd-analyze");
		assumeTrue(analyze != null, "systemd-analyze (Debian's systemd) is not installed");
		Path unit = checkableUnit();
		Programs.Result verify = Programs.run(List.of(analyze.toString(), "verify", unit.toString()));
		assertThat(verify.status()).as(verify.toString()).isZero();
		assertThat(verify.errors()).as("warnings").isEmpty();
		// Exposure from 0 (confined) to 10 (none); --threshold is ten times that.
		Programs.Result security = Programs.run(
				List.of(analyze.toString(), "security", "--offline=true", "--threshold=50", unit.toString()));
		System.out.println(security.output().lines().filter((line) -> line.contains("Overall exposure"))
			.collect(Collectors.joining("\n")));
		assertThat(security.status()).as(security.toString()).isZero();
	}

	@Test
	void theStopTimeoutOutlastsTheDrainAndTheKilling() throws IOException {
		Map<String, List<String>> service = service();
		Map<String, String> environment = new LinkedHashMap<>();
		for (String variable : values(service, "Environment")) {
			environment.put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
		}
		Duration drain = DurationStyle.detectAndParse(environment.get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE"));
		Duration killing = new CgiProperties().getKillGrace().plusSeconds(5);
		Duration stop = DurationStyle.detectAndParse(value(service, "TimeoutStopSec"));
		assertThat(stop).isGreaterThan(drain.plus(killing));
		assertThat(drain).isGreaterThan(new CgiProperties().getTimeout());
		// SIGTERM to the server only: the scripts finish during the drain.
		assertThat(value(service, "KillMode")).isEqualTo("mixed");
		assertThat(value(service, "Delegate")).isEqualTo("yes");
		assertThat(value(service, "ProtectSystem")).isEqualTo("strict");
		assertThat(values(service, "ReadWritePaths")).contains(environment.get("CGI_REQUEST_SPOOL_FOLDER"));
	}

	@Test
	void aRootServerWithTheUnitsCapabilitiesRunsScriptsAsTheirUserAndStopsThemAll() throws Exception {
		Path setpriv = Programs.find("setpriv");
		assumeTrue(setpriv != null && "root".equals(System.getProperty("user.name")), "needs root and setpriv");
		List<String> capabilities = new ArrayList<>();
		for (String capability : values(service(), "CapabilityBoundingSet")) {
			capabilities.add("+" + capability.toLowerCase(Locale.ROOT).replace("cap_", ""));
		}
		assertThat(value(service(), "NoNewPrivileges")).isEqualTo("yes");
		List<String> confinement = List.of(setpriv.toString(), "--no-new-privs",
				"--bounding-set=-all," + String.join(",", capabilities), "--");
		site.sh("www/cgi-bin/id.sh", "printf 'Content-Type: text/plain\\n\\n'\nid -u\n");
		// A process that leaves the script's tree at once, and the script itself, which
		// hangs until its time limit: both run as the scripts' user, not the server's.
		site.sh("www/cgi-bin/hangs.sh", "(setsid sleep 3137 </dev/null >/dev/null 2>&1 &)\nexec sleep 3138\n");
		try (ServerInOwnJvm server = ServerInOwnJvm.start(site.path("server.log"), confinement, List.of(),
				"--cgi.document-root=" + site.www(), "--cgi.timeout=2s")) {
			Http http = new Http(server.port());
			assertThat(http.get("/cgi-bin/id.sh").body()).as(Files.readString(site.path("server.log")))
				.isEqualTo("65534\n");
			assertThat(http.get("/cgi-bin/hangs.sh").statusCode()).isEqualTo(504);
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.untilAsserted(() -> assertThat(sleeping()).as("processes the run left").isEmpty());
		}
		finally {
			// Whatever the server could not stop.
			ProcessHandle.allProcesses().filter(SystemdUnitTests::leftByTheScript).forEach(ProcessHandle::destroyForcibly);
		}
	}

	private static List<ProcessHandle> sleeping() {
		return ProcessHandle.allProcesses().filter(SystemdUnitTests::leftByTheScript).toList();
	}

	private static boolean leftByTheScript(ProcessHandle process) {
		String line = process.info().commandLine().orElse("");
		return line.endsWith("sleep 3137") || line.endsWith("sleep 3138");
	}

	/**
	 * The unit, or a copy that starts a stand-in for {@code java} when the machine has
	 * none at {@value #JAVA}: systemd-analyze checks that the program exists.
	 */
	private static Path checkableUnit() throws IOException {
		if (Files.isExecutable(Path.of(JAVA))) {
			return UNIT;
		}
		Path java = site.file("bin/java", "#!/bin/sh\n".getBytes(), "rwxr-xr-x");
		Path copy = site.folder("systemd").resolve(UNIT.getFileName());
		Files.writeString(copy, Files.readString(UNIT).replace("ExecStart=" + JAVA + " ", "ExecStart=" + java + " "));
		Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
		return copy;
	}

	/** The [Service] section: each key's values, space-separated values split. */
	private static Map<String, List<String>> service() throws IOException {
		Map<String, List<String>> keys = new LinkedHashMap<>();
		String section = "";
		for (String line : Files.readAllLines(UNIT)) {
			if (line.startsWith("[")) {
				section = line;
			}
			else if (section.equals("[Service]") && !line.isBlank() && !line.startsWith("#")) {
				int equals = line.indexOf('=');
				keys.computeIfAbsent(line.substring(0, equals), (key) -> new ArrayList<>())
					.addAll(Arrays.asList(line.substring(equals + 1).split(" ")));
			}
		}
		return keys;
	}

	private static List<String> values(Map<String, List<String>> service, String key) {
		assertThat(service).containsKey(key);
		return service.get(key);
	}

	private static String value(Map<String, List<String>> service, String key) {
		List<String> values = values(service, key);
		assertThat(values).as(key).hasSize(1);
		return values.get(0);
	}

}
