/**
 * Who is calling: access rules and HTTP Basic authentication from htpasswd files.
 */
@NullMarked
package org.cgiserver.security;

import org.jspecify.annotations.NullMarked;
