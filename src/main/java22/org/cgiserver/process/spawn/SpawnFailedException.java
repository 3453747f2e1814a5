package org.cgiserver.process.spawn;

import java.io.IOException;

/**
 * A program the spawn helper could not start.
 */
final class SpawnFailedException extends IOException {

	private final int error;

	SpawnFailedException(int error) {
		super("error=" + error);
		this.error = error;
	}

	/**
	 * Why it could not be started.
	 * @return the error number
	 */
	int error() {
		return this.error;
	}

}
