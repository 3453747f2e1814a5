/**
 * Text from clients and scripts, made safe to show in a log line or on a page the server
 * writes itself, and the media types the server treats apart.
 */
@NullMarked
package org.cgiserver.text;

import org.jspecify.annotations.NullMarked;
