package org.cgiserver.process.spawn;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * A request that never reached the spawn helper, which then started nothing for it.
 */
final class UnreachableHelperException extends IOException {

	UnreachableHelperException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
