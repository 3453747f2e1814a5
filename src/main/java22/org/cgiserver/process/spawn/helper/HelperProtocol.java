package org.cgiserver.process.spawn.helper;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Everything the server and its spawn helper agree on, and nothing else: which
 * descriptors the helper starts with, and the messages between them, both ways.
 *
 * <p>The helper starts with the descriptors {@link #helperDescriptors laid out here}: its
 * standard input, its output and error (one pipe to the server's log), the socket to the
 * server as {@value #SOCKET_FD} and its classes as {@value #CLASSES_FD}, read through
 * {@link #CLASS_PATH}.
 *
 * <p>A request is three ints (its id, the number of arguments, the number of environment
 * variables) and then NUL-terminated strings: the working folder, the arguments, the
 * variables; the child's standard input, output and error ({@value #PIPES} descriptors)
 * travel with it. The helper spawns from the received bytes as they are, so no text is
 * decoded on its side. A request of only the three ints, with no arguments, is a ping. A
 * {@link Reply} is three ints (its kind and two values) and, at the next multiple of
 * eight, three longs: what an exited child cost (its user and system CPU time in
 * microseconds and its largest resident set in kilobytes or -1, as {@link Spawner#cost} gives them),
 * zero in other replies.
 */
public final class HelperProtocol {

	/** The helper's descriptor of its socket to the server: after its standard ones. */
	public static final int SOCKET_FD = 3;

	/** The helper's descriptor of its classes, a sealed in-memory jar: after the socket. */
	public static final int CLASSES_FD = 4;

	/** The helper's class path: its classes, through their descriptor. */
	public static final String CLASS_PATH = "/proc/self/fd/" + CLASSES_FD;

	/** The descriptors that travel with a request: the child's standard input, output and error. */
	public static final int PIPES = 3;

	/** The helper is ready: its pid. */
	public static final int READY = 1;

	/** A request was spawned: its id and the child's pid. */
	public static final int STARTED = 2;

	/** A request could not be spawned: its id and the error number. */
	public static final int FAILED = 3;

	/** A child exited: its pid, its wait status and its cost. */
	public static final int EXITED = 4;

	/** The answer to a ping: its id. */
	public static final int PONG = 5;

	/** The size of a reply. */
	public static final long REPLY_SIZE = 40;

	/**
	 * The largest request: within the socket's default send buffer, with room to spare.
	 * Larger ones (a huge environment) are started without the helper.
	 */
	public static final long MAX_REQUEST_SIZE = 128 * 1024;

	// A request's header, and a reply.
	private static final long ID = 0;

	private static final long ARGUMENT_COUNT = 4;

	private static final long VARIABLE_COUNT = 8;

	private static final long HEADER_SIZE = 12;

	private static final long KIND = 0;

	private static final long FIRST = 4;

	private static final long SECOND = 8;

	private static final long USER_MICROS = 16;

	private static final long SYSTEM_MICROS = 24;

	private static final long MAX_RSS_KB = 32;

	private HelperProtocol() {
	}

	/**
	 * The descriptors the helper is started with, in order: each one's index is its number
	 * in the helper.
	 * @param input its standard input
	 * @param output its standard output and error
	 * @param socket its end of the socket to the server
	 * @param classes its classes
	 * @return the descriptors
	 */
	public static int[] helperDescriptors(int input, int output, int socket, int classes) {
		int[] descriptors = new int[CLASSES_FD + 1];
		descriptors[0] = input;
		descriptors[1] = output;
		descriptors[2] = output;
		descriptors[SOCKET_FD] = socket;
		descriptors[CLASSES_FD] = classes;
		return descriptors;
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
	public static MemorySegment request(Arena arena, int id, List<String> command, List<String> environment,
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
		request.set(JAVA_INT, ID, id);
		request.set(JAVA_INT, ARGUMENT_COUNT, command.size());
		request.set(JAVA_INT, VARIABLE_COUNT, environment.size());
		long offset = HEADER_SIZE;
		for (byte[] string : strings) {
			MemorySegment.copy(string, 0, request, JAVA_BYTE, offset, string.length);
			offset += string.length + 1;
		}
		return request;
	}

	/**
	 * The id of a request or ping.
	 * @param message the request or ping
	 * @return its id
	 */
	public static int id(MemorySegment message) {
		return message.get(JAVA_INT, ID);
	}

	/**
	 * Lays out a ping, which the helper answers with {@link #PONG} unless it is stuck.
	 * @param arena where to allocate it
	 * @param id its id
	 * @return the ping
	 */
	public static MemorySegment ping(Arena arena, int id) {
		MemorySegment ping = arena.allocate(HEADER_SIZE);
		ping.set(JAVA_INT, ID, id);
		return ping;
	}

	/**
	 * Whether a received message is a ping.
	 * @param message the received bytes
	 * @param length how many were received
	 * @return whether it is one
	 */
	static boolean isPing(MemorySegment message, long length) {
		return length == HEADER_SIZE && message.get(JAVA_INT, ARGUMENT_COUNT) == 0
				&& message.get(JAVA_INT, VARIABLE_COUNT) == 0;
	}

	/**
	 * Whether a request came with the child's descriptors.
	 * @param descriptors those that came with it, -1 after the last
	 * @return whether it has all {@value #PIPES}
	 */
	static boolean carriesPipes(int[] descriptors) {
		return descriptors.length >= PIPES && descriptors[PIPES - 1] >= 0;
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
		static Request read(Arena arena, MemorySegment message, long length) {
			if (length < HEADER_SIZE || message.get(JAVA_BYTE, length - 1) != 0) {
				return null;
			}
			int argumentCount = message.get(JAVA_INT, ARGUMENT_COUNT);
			int variableCount = message.get(JAVA_INT, VARIABLE_COUNT);
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
			return new Request(message.get(JAVA_INT, ID), strings[0], arguments, argumentCount, environment);
		}

	}

	/**
	 * A reply of the helper.
	 *
	 * @param kind {@link #READY}, {@link #STARTED}, {@link #FAILED}, {@link #EXITED} or
	 * {@link #PONG}
	 * @param first its first value
	 * @param second its second value
	 * @param cost what an {@link #EXITED} child cost: user and system CPU time in
	 * microseconds and the largest resident set in kilobytes; zeros in other replies
	 */
	public record Reply(int kind, int first, int second, long[] cost) {

		/**
		 * Reads a reply.
		 * @param message the received bytes
		 * @param length how many were received
		 * @return the reply, or {@code null} when it is not one
		 */
		public static Reply read(MemorySegment message, long length) {
			if (length != REPLY_SIZE) {
				return null;
			}
			return new Reply(message.get(JAVA_INT, KIND), message.get(JAVA_INT, FIRST), message.get(JAVA_INT, SECOND),
					new long[] { message.get(JAVA_LONG, USER_MICROS), message.get(JAVA_LONG, SYSTEM_MICROS),
							message.get(JAVA_LONG, MAX_RSS_KB) });
		}

		/**
		 * Lays out a reply.
		 * @param reply where to write it, {@link #REPLY_SIZE} bytes
		 * @param kind its kind
		 * @param first its first value
		 * @param second its second value
		 * @param cost what an exited child cost, as {@link Spawner#cost} gives it, or
		 * {@code null} for zeros
		 * @return the reply
		 */
		static MemorySegment write(MemorySegment reply, int kind, int first, int second, long[] cost) {
			reply.fill((byte) 0);
			reply.set(JAVA_INT, KIND, kind);
			reply.set(JAVA_INT, FIRST, first);
			reply.set(JAVA_INT, SECOND, second);
			if (cost != null) {
				reply.set(JAVA_LONG, USER_MICROS, cost[0]);
				reply.set(JAVA_LONG, SYSTEM_MICROS, cost[1]);
				reply.set(JAVA_LONG, MAX_RSS_KB, cost[2]);
			}
			return reply;
		}

	}

}
