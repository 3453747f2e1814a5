/**
 * The server's own background threads.
 */
@NullMarked
package org.cgiserver.threads;

import org.jspecify.annotations.NullMarked;
