package org.cgiserver.process;

import java.util.concurrent.CompletableFuture;

/**
 * The client a script would be started for, as far as waiting for a slot goes: a request
 * whose client is known to have left gives up its place, and no script is started for it.
 */
public interface Requester {

	/** A requester that never leaves, for callers that have no client to watch. */
	Requester PATIENT = new Requester() {

		@Override
		public CompletableFuture<?> gone() {
			return new CompletableFuture<>();
		}

	};

	/**
	 * Completes when the client is known to have left.
	 * @return the departure to come
	 */
	CompletableFuture<?> gone();

}
