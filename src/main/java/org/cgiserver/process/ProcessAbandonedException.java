package org.cgiserver.process;

/**
 * The client left while its request waited for a script slot: no script was started.
 */
public final class ProcessAbandonedException extends Exception {

	ProcessAbandonedException() {
		super("The client left while waiting for a script slot");
	}

}
