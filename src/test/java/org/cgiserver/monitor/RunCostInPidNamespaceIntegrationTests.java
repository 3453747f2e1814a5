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
 * What each run cost with a PID namespace per run: the process reaped is then
 * {@code unshare}'s, whose figures cover the run's processes that the namespace's first
 * process waited for.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class RunCostInPidNamespaceIntegrationTests {

	@RegisterExtension
	static final TestSite site = TestSite.create();

	static {
		RunCostChecks.scripts(site);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		site.serve(registry)
			.prefix("/cgi-bin")
			.set("cgi.timeout", "30s")
			.set("cgi.isolation.processes", "pid-namespace");
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
