/**
 * Starting scripts with {@code posix_spawn} (the jar's Java 22 part), on the server's
 * side: {@link org.cgiserver.process.spawn.Spawning}, the one entry the base code binds;
 * the direct launcher ({@code PosixSpawnLauncher}); and, for a server running as root,
 * the server's side of the spawn helper ({@code HelperLauncher}, {@code HelperConnection},
 * {@code HelperClasses}). What runs in the helper's own JVM, as the scripts' user, is the
 * {@code helper} package below, which uses nothing but the JDK.
 */
@NullMarked
package org.cgiserver.process.spawn;

import org.jspecify.annotations.NullMarked;
