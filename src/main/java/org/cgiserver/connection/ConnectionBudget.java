package org.cgiserver.connection;

/**
 * The connection limit that a heap can hold. An open connection costs heap even before
 * its request is complete (Tomcat's processor and socket buffers: measured at about
 * 37 KB with 4 KB socket buffers, 12 KB more since the write buffer is 16 KB, as set by
 * {@link SlowClientServerCustomizer}); without a limit
 * sized from the heap, enough half-sent requests exhaust it.
 */
final class ConnectionBudget {

	/** Heap counted for one open connection, with some margin over the measured cost. */
	static final long BYTES_PER_CONNECTION = 52 * 1024;

	/**
	 * Share of the heap that open connections may take; the rest serves requests. Half
	 * was too much: with the application's own objects, a full set of connections filled
	 * the old generation, and a crowd of slow clients made the JVM collect the whole heap
	 * about once a second, each pause delaying every other client by 100 ms and more.
	 */
	static final double HEAP_SHARE = 0.25;

	/** Tomcat's own default limit, never exceeded. */
	static final int MAX = 8192;

	/** Fewest connections allowed, however small the heap. */
	static final int MIN = 100;

	private ConnectionBudget() {
	}

	/**
	 * The connection limit for a heap.
	 * @param maxHeapBytes the heap's largest size, as {@link Runtime#maxMemory()}
	 * @return the most connections open at once
	 */
	static int maxConnections(long maxHeapBytes) {
		long connections = (long) (maxHeapBytes * HEAP_SHARE) / BYTES_PER_CONNECTION;
		return (int) Math.max(MIN, Math.min(MAX, connections));
	}

}
