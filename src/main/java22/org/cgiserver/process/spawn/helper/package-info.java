/**
 * The spawn helper's closed world: everything the helper's own JVM loads, and nothing
 * else. That JVM runs as the scripts' user, started by a server running as root, and gets
 * this package whole as its class path (a sealed in-memory copy, never the server's
 * jar), so a class here uses nothing but the JDK, never a class of the server or of a
 * library; a test reads the compiled classes to hold that.
 *
 * <p>The server uses the same classes on its side: {@link HelperProtocol} for the
 * messages and descriptors both sides agree on, {@link PacketSocket} for the socket,
 * {@link Spawner} and {@link Posix} for its own {@code posix_spawn} calls. The helper's
 * {@code main} is {@link SpawnHelper}.
 */
package org.cgiserver.process.spawn.helper;
