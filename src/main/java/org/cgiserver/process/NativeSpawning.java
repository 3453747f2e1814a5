package org.cgiserver.process;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jar's Java 22 part ({@code src/main/java22}: starting scripts with
 * {@code posix_spawn}, and the spawn helper) as the base code sees it: through its one
 * entry, {@value #ENTRY}, bound here and nowhere else.
 *
 * <p>The entry is bound by name, as Spring looks up optional classes: it exists only in
 * that part of the multi-release jar, which JDKs before 22 do not read. And only JDK types
 * cross: in an executable jar, the JDK loads that part with its own class loader, which
 * cannot see the application's classes, so it cannot implement {@link ProcessLauncher};
 * the launchers here adapt it. The contract is the entry's static factories
 * {@code direct()} and {@code throughHelper(UnaryOperator, Duration)} and its methods
 * {@code launch(List, Map, Path)}, {@code cost(Process)}, {@code close()} and
 * {@code pollsOutput()}.
 */
final class NativeSpawning {

	/** The Java 22 part's entry. */
	static final String ENTRY = "org.cgiserver.process.spawn.Spawning";

	private static final Logger logger = LoggerFactory.getLogger(NativeSpawning.class);

	private static final MethodType LAUNCH = MethodType.methodType(Process.class, List.class, Map.class, Path.class);

	private static final MethodType COST = MethodType.methodType(long[].class, Process.class);

	private final MethodHandle launch;

	private final MethodHandle close;

	private final MethodHandle cost;

	private final String name;

	private final boolean pollsOutput;

	private NativeSpawning(MethodHandle launch, MethodHandle close, MethodHandle cost, String name,
			boolean pollsOutput) {
		this.launch = launch;
		this.close = close;
		this.cost = cost;
		this.name = name;
		this.pollsOutput = pollsOutput;
	}

	/**
	 * Scripts started with {@code posix_spawn}, as the server's own user.
	 * @return the launcher, or {@code null} when the JDK or the C library cannot
	 */
	static @Nullable ProcessLauncher direct() {
		NativeSpawning direct = bind("direct", MethodType.methodType(Object.class));
		return (direct != null) ? new Direct(direct) : null;
	}

	/**
	 * Scripts started by a spawn helper that runs as their user, started now; through the
	 * given launcher and the confinement's wrappers when the helper takes none.
	 * @param confinement the scripts' confinement, whose user the helper runs as
	 * @param answerTimeout how long the helper may take to answer before it is replaced
	 * @param direct the launcher for scripts the helper does not take
	 * @return the launcher, or {@code null} when there can be no helper here
	 */
	static @Nullable ProcessLauncher throughHelper(ProcessConfinement confinement, Duration answerTimeout,
			ProcessLauncher direct) {
		UnaryOperator<List<String>> asScriptUser = confinement::asScriptLauncher;
		NativeSpawning helper = bind("throughHelper",
				MethodType.methodType(Object.class, UnaryOperator.class, Duration.class), asScriptUser, answerTimeout);
		return (helper != null) ? new ThroughHelper(helper, confinement.userSwitch(), direct) : null;
	}

	private static @Nullable NativeSpawning bind(String factory, MethodType factoryType, Object... arguments) {
		try {
			Class<?> type = Class.forName(ENTRY, true, NativeSpawning.class.getClassLoader());
			Object spawning = MethodHandles.publicLookup()
				.findStatic(type, factory, factoryType.changeReturnType(type))
				.asType(factoryType)
				.invokeWithArguments(arguments);
			return (spawning != null) ? adapt(spawning) : null;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// The JDK reads only the jar's base part (before Java 22).
			return null;
		}
		catch (Throwable ex) {
			logger.warn("posix_spawn is not usable here, scripts are started with ProcessBuilder: {}", ex.toString());
			return null;
		}
	}

	/**
	 * Binds the entry's methods on one of its instances, or on a stand-in with the same
	 * public methods.
	 * @param spawning the instance
	 * @return the bound methods
	 * @throws ReflectiveOperationException when a method is missing
	 */
	static NativeSpawning adapt(Object spawning) throws ReflectiveOperationException {
		MethodHandles.Lookup lookup = MethodHandles.publicLookup();
		Class<?> type = spawning.getClass();
		return new NativeSpawning(lookup.findVirtual(type, "launch", LAUNCH).bindTo(spawning),
				lookup.findVirtual(type, "close", MethodType.methodType(void.class)).bindTo(spawning),
				lookup.findVirtual(type, "cost", COST).bindTo(spawning), spawning.toString(),
				pollsOutput(lookup.findVirtual(type, "pollsOutput", MethodType.methodType(boolean.class)), spawning));
	}

	private static boolean pollsOutput(MethodHandle pollsOutput, Object spawning) {
		try {
			return (boolean) pollsOutput.invoke(spawning);
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts a program.
	 * @return the process, or {@code null} when a helper took none
	 */
	private @Nullable Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
			throws IOException {
		try {
			return (Process) this.launch.invokeExact(command, environment, workingDirectory);
		}
		catch (IOException | RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private @Nullable RunCost cost(Process exited) {
		try {
			return RunCost.of((long[]) this.cost.invokeExact(exited));
		}
		catch (Throwable ex) {
			return null;
		}
	}

	private void close() {
		try {
			this.close.invoke();
		}
		catch (Throwable ex) {
			logger.warn("Could not stop the {}: {}", this.name, ex.toString());
		}
	}

	@Override
	public String toString() {
		return this.name;
	}

	/**
	 * Scripts started with {@code posix_spawn} as the server's user, through the
	 * confinement's wrappers.
	 */
	private static final class Direct implements ProcessLauncher {

		private final NativeSpawning spawning;

		Direct(NativeSpawning spawning) {
			this.spawning = spawning;
		}

		@Override
		public Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
				throws IOException {
			Process process = this.spawning.launch(command, environment, workingDirectory);
			if (process == null) {
				throw new IOException("The " + this.spawning + " launcher started nothing");
			}
			return process;
		}

		@Override
		public boolean pipesReleaseCarrierThreads() {
			return false;
		}

		@Override
		public boolean outputWaitsWithoutThread() {
			return this.spawning.pollsOutput;
		}

		@Override
		public boolean setsNoNewPrivileges() {
			// prctl(PR_SET_NO_NEW_PRIVS) before posix_spawn.
			return true;
		}

		@Override
		public @Nullable RunCost cost(Process exited) {
			return this.spawning.cost(exited);
		}

		@Override
		public void close() {
			this.spawning.close();
		}

		@Override
		public String toString() {
			return this.spawning.toString();
		}

	}

	/**
	 * Scripts started by a spawn helper that already runs as their user, so only the
	 * limits go before their command; those the helper does not take go through the
	 * direct launcher and every wrapper.
	 */
	static final class ThroughHelper implements ProcessLauncher {

		private final NativeSpawning helper;

		private final List<String> helperUser;

		private final ProcessLauncher direct;

		ThroughHelper(NativeSpawning helper, List<String> helperUser, ProcessLauncher direct) {
			this.helper = helper;
			this.helperUser = helperUser;
			this.direct = direct;
		}

		@Override
		public Process launch(List<String> command, Map<String, String> environment, Path workingDirectory)
				throws IOException {
			return this.direct.launch(command, environment, workingDirectory);
		}

		@Override
		public Process launchConfined(ProcessConfinement confinement, List<String> command,
				Map<String, String> environment, Path workingDirectory) throws IOException {
			// The helper runs as one user, so it takes only scripts that run as that user.
			if (confinement.spawnHelper() && confinement.userSwitch().equals(this.helperUser)) {
				Process process = this.helper.launch(confinement.wrap(command, true), environment, workingDirectory);
				if (process != null) {
					return process;
				}
			}
			return this.direct.launchConfined(confinement, command, environment, workingDirectory);
		}

		@Override
		public boolean pipesReleaseCarrierThreads() {
			return false;
		}

		@Override
		public boolean outputWaitsWithoutThread() {
			return this.helper.pollsOutput && this.direct.outputWaitsWithoutThread();
		}

		@Override
		public boolean setsNoNewPrivileges() {
			return this.direct.setsNoNewPrivileges();
		}

		@Override
		public @Nullable RunCost cost(Process exited) {
			// The direct launcher's processes are the Java 22 part's too.
			RunCost cost = this.helper.cost(exited);
			return (cost != null) ? cost : this.direct.cost(exited);
		}

		@Override
		public void close() {
			this.helper.close();
			this.direct.close();
		}

		@Override
		public String toString() {
			return this.helper.toString();
		}

	}

}
