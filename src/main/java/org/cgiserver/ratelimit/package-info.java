/**
 * Rate limits per client address and path: a client that asks too often is answered 429
 * before any script starts, without slowing other clients.
 */
@NullMarked
package org.cgiserver.ratelimit;

import org.jspecify.annotations.NullMarked;
