package org.cgiserver.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.cgiserver.config.CgiProperties;
import org.cgiserver.config.InvalidConfigurationException;

/**
 * The confinement of every run, decided once at start: the server-wide one and one per
 * prefix that names its own user ({@code cgi.prefixes[N].run-as}, like suEXEC per
 * virtual host) or its own way of keeping a run's processes together
 * ({@code cgi.prefixes[N].isolation.processes}). A prefix that names neither shares the
 * server-wide confinement.
 */
public final class Confinements {

	private final ProcessConfinement defaultConfinement;

	private final Map<RunPolicy, ProcessConfinement> byPolicy;

	private final List<RunPolicy> prefixPolicies;

	private Confinements(ProcessConfinement defaultConfinement, Map<RunPolicy, ProcessConfinement> byPolicy,
			List<RunPolicy> prefixPolicies) {
		this.defaultConfinement = defaultConfinement;
		this.byPolicy = byPolicy;
		this.prefixPolicies = prefixPolicies;
	}

	/**
	 * One confinement for every run.
	 * @param confinement the confinement
	 * @return the confinements
	 */
	public static Confinements of(ProcessConfinement confinement) {
		return new Confinements(confinement, Map.of(RunPolicy.DEFAULT, confinement), List.of());
	}

	/**
	 * Decides the confinements from the configuration and the server's own user.
	 * @param properties the settings
	 * @param limits the scripts' resource limits
	 * @param factory decides one confinement
	 * @return the confinements
	 * @throws InvalidConfigurationException naming the property that cannot be carried out
	 */
	static Confinements from(CgiProperties properties, ResourceLimits limits, Factory factory) {
		RunContainment.Mode serverMode = mode(properties.getIsolation().getProcesses());
		ProcessConfinement serverWide = factory.decide(properties.getRunAs(), "cgi.run-as", limits, serverMode,
				"cgi.isolation.processes");
		Map<RunPolicy, ProcessConfinement> byPolicy = new LinkedHashMap<>();
		byPolicy.put(RunPolicy.DEFAULT, serverWide);
		List<RunPolicy> prefixPolicies = new ArrayList<>();
		List<CgiProperties.Prefix> prefixes = properties.getPrefixes();
		for (int i = 0; i < prefixes.size(); i++) {
			CgiProperties.Prefix prefix = prefixes.get(i);
			String property = "cgi.prefixes[" + i + "]";
			CgiProperties.Isolation.@Nullable Processes processes = prefix.getIsolation().getProcesses();
			RunPolicy policy = new RunPolicy(prefix.getRunAs(), (processes != null) ? mode(processes) : null);
			if (policy.equals(RunPolicy.DEFAULT)) {
				prefixPolicies.add(RunPolicy.DEFAULT);
				continue;
			}
			if (!byPolicy.containsKey(policy)) {
				String user = (policy.runAs() != null) ? policy.runAs() : properties.getRunAs();
				String userProperty = (policy.runAs() != null) ? property + ".run-as" : "cgi.run-as";
				RunContainment.Mode mode = (policy.processes() != null) ? policy.processes() : serverMode;
				String modeProperty = (policy.processes() != null) ? property + ".isolation.processes"
						: "cgi.isolation.processes";
				byPolicy.put(policy, factory.decide(user, userProperty, limits, mode, modeProperty));
			}
			prefixPolicies.add(policy);
		}
		return new Confinements(serverWide, Map.copyOf(byPolicy), List.copyOf(prefixPolicies));
	}

	static RunContainment.Mode mode(CgiProperties.Isolation.Processes processes) {
		return switch (processes) {
			case AUTO -> RunContainment.Mode.AUTO;
			case PID_NAMESPACE -> RunContainment.Mode.PID_NAMESPACE;
			case SWEEP -> RunContainment.Mode.SWEEP;
		};
	}

	/**
	 * The server-wide confinement.
	 * @return the confinement of runs whose prefix names no other
	 */
	public ProcessConfinement serverWide() {
		return this.defaultConfinement;
	}

	/**
	 * The policy of a configured prefix.
	 * @param index the prefix's index in {@code cgi.prefixes}
	 * @return its policy, {@link RunPolicy#DEFAULT} when it names none of its own
	 */
	public RunPolicy ofPrefix(int index) {
		return (index < this.prefixPolicies.size()) ? this.prefixPolicies.get(index) : RunPolicy.DEFAULT;
	}

	/**
	 * The confinement of runs of a policy.
	 * @param policy the policy, one of those given by {@link #ofPrefix}
	 * @return its confinement
	 */
	public ProcessConfinement of(RunPolicy policy) {
		ProcessConfinement confinement = this.byPolicy.get(policy);
		if (confinement == null) {
			throw new IllegalArgumentException("No confinement was decided for " + policy);
		}
		return confinement;
	}

	/**
	 * Every distinct confinement, the server-wide one first.
	 * @return the confinements
	 */
	public Collection<ProcessConfinement> all() {
		List<ProcessConfinement> all = new ArrayList<>();
		all.add(this.defaultConfinement);
		this.byPolicy.values().stream().filter((confinement) -> !all.contains(confinement)).forEach(all::add);
		return all;
	}

	/**
	 * Decides one confinement.
	 */
	@FunctionalInterface
	interface Factory {

		/**
		 * Decides the confinement of a user and a way of keeping processes together.
		 * @param runAs the user, or {@code null} for the default
		 * @param runAsProperty the property that names it, for errors
		 * @param limits the resource limits
		 * @param mode how the runs' processes are to be kept together
		 * @param modeProperty the property that asks for it, for errors
		 * @return the confinement
		 */
		ProcessConfinement decide(@Nullable String runAs, String runAsProperty, ResourceLimits limits,
				RunContainment.Mode mode, String modeProperty);

	}

}
