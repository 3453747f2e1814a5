package org.cgiserver.process;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;
import java.util.List;

import org.jspecify.annotations.Nullable;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The messages between the server and its spawn helper, both ways.
 *
 * <p>A request is three ints (its id, the number of arguments, the number of environment
 * variables) and then NUL-terminated strings: the working folder, the arguments, the
 * variables; the child's standard input, output and error travel with it. The helper
 * spawns from the received bytes as they are, so no text is decoded on its side. A request
 * of only the three ints, with no arguments, is a ping. A reply is three ints: its kind
 * and two values.
 */
final class HelperProtocol {

	/** The helper is ready: its pid. */
	static final int READY = 1;

	/** A request was spawned: its id and the child's pid. */
	static final int STARTED = 2;

	/** A request could not be spawned: its id and the error number. */
	static final int FAILED = 3;

	/** A child exited: its pid and its wait status. */
	static final int EXITED = 4;

	/** The answer to a ping: its id. */
	static final int PONG = 5;

	static final long REPLY_SIZE = 12;

	/**
	 * The largest request: within the socket's default send buffer, with room to spare.
	 * Larger ones (a huge environment) are started without the helper.
	 */
	static final long MAX_REQUEST_SIZE = 128 * 1024;

	private static final long HEADER_SIZE = 12;

	private HelperProtocol() {
	}

	/**
	 * Lays out a request.
	 * @param arena where to allocate it
	 * @param id the request's id
	 * @param command the program and its arguments
	 * @param environment the variables, each as {@code NAME=value}
	 * @param workingDirectory the working folder
	 * @param fileNames the charset of file names and arguments
	 * @param texts the charset of the environment
	 * @return the request, or {@code null} when it is larger than {@link #MAX_REQUEST_SIZE}
	 */
	static @Nullable MemorySegment request(Arena arena, int id, List<String> command, List<String> environment,
			String workingDirectory, Charset fileNames, Charset texts) {
		byte[][] strings = new byte[1 + command.size() + environment.size()][];
		long size = HEADER_SIZE;
		int index = 0;
		strings[index++] = workingDirectory.getBytes(fileNames);
		for (String argument : command) {
			strings[index++] = argument.getBytes(fileNames);
		}
		for (String variable : environment) {
			strings[index++] = variable.getBytes(texts);
		}
		for (byte[] string : strings) {
			size += string.length + 1;
		}
		if (size > MAX_REQUEST_SIZE) {
			return null;
		}
		MemorySegment request = arena.allocate(size);
		request.set(JAVA_INT, 0, id);
		request.set(JAVA_INT, 4, command.size());
		request.set(JAVA_INT, 8, environment.size());
		long offset = HEADER_SIZE;
		for (byte[] string : strings) {
			MemorySegment.copy(string, 0, request, JAVA_BYTE, offset, string.length);
			offset += string.length + 1;
		}
		return request;
	}

	/**
	 * Lays out a ping, which the helper answers with {@link #PONG} unless it is stuck.
	 * @param arena where to allocate it
	 * @param id its id
	 * @return the ping
	 */
	static MemorySegment ping(Arena arena, int id) {
		MemorySegment ping = arena.allocate(HEADER_SIZE);
		ping.set(JAVA_INT, 0, id);
		return ping;
	}

	/**
	 * Whether a received message is a ping.
	 * @param message the received bytes
	 * @param length how many were received
	 * @return whether it is one
	 */
	static boolean isPing(MemorySegment message, long length) {
		return length == HEADER_SIZE && message.get(JAVA_INT, 4) == 0 && message.get(JAVA_INT, 8) == 0;
	}

	/**
	 * A request as the helper reads it: pointers into the received bytes.
	 *
	 * @param id the request's id
	 * @param workingDirectory the working folder, a C string
	 * @param arguments the program and its arguments, a {@code NULL}-terminated array
	 * @param argumentCount the number of arguments
	 * @param environment the variables, a {@code NULL}-terminated array
	 */
	record Request(int id, MemorySegment workingDirectory, MemorySegment arguments, int argumentCount,
			MemorySegment environment) {

		/**
		 * Reads a request.
		 * @param arena where to allocate the pointer arrays
		 * @param message the received bytes
		 * @param length how many were received
		 * @return the request, or {@code null} when it is malformed
		 */
		static @Nullable Request read(Arena arena, MemorySegment message, long length) {
			if (length < HEADER_SIZE || message.get(JAVA_BYTE, length - 1) != 0) {
				return null;
			}
			int argumentCount = message.get(JAVA_INT, 4);
			int variableCount = message.get(JAVA_INT, 8);
			if (argumentCount < 1 || variableCount < 0 || argumentCount + variableCount >= length) {
				return null;
			}
			MemorySegment[] strings = new MemorySegment[1 + argumentCount + variableCount];
			long start = HEADER_SIZE;
			int found = 0;
			for (long offset = HEADER_SIZE; offset < length && found < strings.length; offset++) {
				if (message.get(JAVA_BYTE, offset) == 0) {
					strings[found++] = message.asSlice(start);
					start = offset + 1;
				}
			}
			if (found != strings.length || start != length) {
				return null;
			}
			MemorySegment arguments = arena.allocate(ADDRESS, argumentCount + 1L);
			for (int i = 0; i < argumentCount; i++) {
				arguments.setAtIndex(ADDRESS, i, strings[1 + i]);
			}
			arguments.setAtIndex(ADDRESS, argumentCount, MemorySegment.NULL);
			MemorySegment environment = arena.allocate(ADDRESS, variableCount + 1L);
			for (int i = 0; i < variableCount; i++) {
				environment.setAtIndex(ADDRESS, i, strings[1 + argumentCount + i]);
			}
			environment.setAtIndex(ADDRESS, variableCount, MemorySegment.NULL);
			return new Request(message.get(JAVA_INT, 0), strings[0], arguments, argumentCount, environment);
		}

	}

	/**
	 * Lays out a reply.
	 * @param reply where to write it, {@link #REPLY_SIZE} bytes
	 * @param kind its kind
	 * @param first its first value
	 * @param second its second value
	 * @return the reply
	 */
	static MemorySegment reply(MemorySegment reply, int kind, int first, int second) {
		reply.set(JAVA_INT, 0, kind);
		reply.set(JAVA_INT, 4, first);
		reply.set(JAVA_INT, 8, second);
		return reply;
	}

}
