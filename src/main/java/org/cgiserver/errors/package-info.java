/**
 * Error pages for people: a short page per status for browsers, or the operator's own.
 */
@NullMarked
package org.cgiserver.errors;

import org.jspecify.annotations.NullMarked;
