/**
 * The clients' TCP connections: noticing a client that has gone while its script runs, and
 * closing those of clients too slow to send their requests.
 */
@NullMarked
package org.cgiserver.connection;

import org.jspecify.annotations.NullMarked;
