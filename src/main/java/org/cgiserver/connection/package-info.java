/**
 * The clients' TCP connections: noticing a client that has gone while its script runs.
 */
@NullMarked
package org.cgiserver.connection;

import org.jspecify.annotations.NullMarked;
