package org.cgiserver.process;

/**
 * The program could not be started: missing, not executable, bad interpreter line.
 */
public final class ProcessStartException extends Exception {

	ProcessStartException(String message, Throwable cause) {
		super(message, cause);
	}

}
