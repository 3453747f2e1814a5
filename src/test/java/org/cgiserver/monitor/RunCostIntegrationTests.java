package org.cgiserver.monitor;

import org.cgiserver.support.TestSite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What each run cost in CPU time and memory, in {@code /actuator/cgi}, Prometheus and the
 * access log: the kernel's figures where the server reaps its scripts itself (the Java 22
 * part: posix_spawn, and as root the spawn helper), and no figure at all, never a zero,
 * where the JDK reaps them (before Java 22).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class RunCostIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		RunCostChecks.scripts(site);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry).prefix("/cgi-bin").set("cgi.timeout", "30s");
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void aRunsCpuTimeIncludesTheProcessesItWaitedFor(CapturedOutput output) {
		RunCostChecks.assertCpuTime(this.port, this.managementPort, output);
	}

	@Test
	void aRunsPeakMemoryIsItsLargestProcess(CapturedOutput output) {
		RunCostChecks.assertPeakMemory(this.port, this.managementPort, output);
	}

}
