/**
 * HTTPS on its own: plain HTTP beside it, HSTS, and certificates from an ACME CA.
 */
@NullMarked
package org.cgiserver.tls;

import org.jspecify.annotations.NullMarked;
