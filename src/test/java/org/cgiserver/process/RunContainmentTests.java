package org.cgiserver.process;

import java.util.List;

import org.cgiserver.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where no PID namespace can be had, {@code auto} says why and falls back to the sweep,
 * and {@code pid-namespace} stops the start naming the setting.
 */
class RunContainmentTests {

	@Test
	void autoWithoutUnshareFallsBackToTheSweepAndSaysWhy() {
		RunContainment containment = RunContainment.decide(RunContainment.Mode.AUTO, true, List.of(), List.of());
		assertThat(containment.mechanism()).isEqualTo(RunContainment.Mechanism.SWEEP);
		assertThat(containment.reason()).contains("unshare");
		assertThat(containment.describe()).containsEntry("mechanism", "sweep");
	}

	@Test
	void aPidNamespaceThatCannotBeHadStopsTheStart() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> RunContainment.decide(RunContainment.Mode.PID_NAMESPACE, false, List.of(), List.of()))
			.withMessageContaining("cgi.isolation.processes")
			.withMessageContaining("unshare");
	}

	@Test
	void sweepTriesNothing() {
		assertThat(RunContainment.decide(RunContainment.Mode.SWEEP, true, List.of(), List.of()).asServer()).isEmpty();
	}

}
