package org.cgiserver.threads;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The server's own background threads: daemons, so that none of them keeps the JVM
 * alive after Spring has shut down, and named for the job they do.
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/**
	 * A factory of daemon threads named {@code <name>-N}.
	 * @param name the job's name, such as {@code cgi-limits}
	 * @return the factory
	 */
	public static ThreadFactory named(String name) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(name + "-");
		factory.setDaemon(true);
		return factory;
	}

	/**
	 * A scheduler with one daemon thread whose cancelled tasks leave its queue at once.
	 * @param name the job's name
	 * @return the scheduler
	 */
	public static ScheduledThreadPoolExecutor scheduler(String name) {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named(name));
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

	/**
	 * Threads for blocking I/O: virtual threads where the JDK has them (21+), otherwise a
	 * pool of daemon threads that reuses its threads.
	 * @param name the job's name, for the pool's threads
	 * @return the executor
	 */
	public static ExecutorService forBlockingIo(String name) {
		try {
			return (ExecutorService) MethodHandles.publicLookup()
				.findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
				.invoke();
		}
		catch (Throwable ex) {
			return reused(name);
		}
	}

	/**
	 * A pool of daemon threads that reuses its threads, for blocking calls that would hold
	 * a virtual thread's carrier (reads and writes of plain file streams over pipes).
	 * @param name the job's name, for the pool's threads
	 * @return the executor
	 */
	public static ExecutorService reused(String name) {
		return Executors.newCachedThreadPool(named(name));
	}

}
