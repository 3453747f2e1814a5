/**
 * Text from clients and scripts, made safe to show in a log line.
 */
@NullMarked
package org.cgiserver.text;

import org.jspecify.annotations.NullMarked;
