package org.cgiserver.connection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

import org.apache.coyote.Processor;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO HTTP/1.1 protocol, with its open connections and its processors in view of
 * the {@link SlowClientWatchdog}. A connection whose request is being served has no
 * processor attached while a thread works on it, so processors are tracked as well, each
 * with the connection it serves. It also keeps some responses from being compressed.
 * Tomcat creates this class by name, hence public.
 */
public class WatchedNioProtocol extends Http11NioProtocol {

	/** Processors live in Tomcat's cache, or are dropped when it is full. */
	private final Set<WatchedProcessor> processors = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	/**
	 * Most connections added to the limit for sessions (the sessions' own cap), or -1 when
	 * sessions share the limit with requests.
	 */
	private volatile int maxSessionRoom = -1;

	/** Connections added to the limit for the sessions open at the last count. */
	private volatile int sessionRoom;

	/**
	 * Created by Tomcat, by the class's name; its endpoint lets a raised limit be used at
	 * once.
	 */
	public WatchedNioProtocol() {
		super(new RaisableLimitNioEndpoint());
	}

	@Override
	protected Processor createProcessor() {
		WatchedProcessor processor = new WatchedProcessor(this);
		this.processors.add(processor);
		return processor;
	}

	/**
	 * Tomcat's choice, except for the types {@link NeverCompressed} keeps as they are.
	 * HTTP/2 streams ask this protocol too.
	 */
	@Override
	public boolean useCompression(Request request, Response response) {
		return !NeverCompressed.type(response.getContentType()) && super.useCompression(request, response);
	}

	/**
	 * Gives sessions (WebSocket, or connections taken over by scripts) room beside the
	 * connection limit, which is then for requests alone: see {@link #sessionsOpen}.
	 * @param maxSessions the most connections added for sessions: as many as sessions may
	 * be open at once, so that connections whose session ended but which are still
	 * closing cannot raise the limit past the heap that sessions were given
	 */
	void sessionsBesideLimit(int maxSessions) {
		this.maxSessionRoom = Math.max(0, maxSessions);
	}

	/**
	 * The most connections that requests may take, apart from sessions.
	 * @return their number, or a negative number when sessions share the limit with them
	 */
	int requestConnections() {
		return (this.maxSessionRoom >= 0) ? getMaxConnections() - this.sessionRoom : -1;
	}

	/**
	 * Counts the sessions open: where they have room beside the requests' limit, Tomcat's
	 * limit becomes the requests' plus one for each session, up to the sessions' cap, so
	 * that sessions never take room from requests, nor requests from sessions. Called from
	 * one thread; nothing changes once the connector is paused (shutting down), when
	 * Tomcat no longer counts connections (the endpoint checks again).
	 * @param sessions the sessions open now
	 */
	void sessionsOpen(int sessions) {
		int room = Math.min(sessions, this.maxSessionRoom);
		if (this.maxSessionRoom >= 0 && room != this.sessionRoom && !isPaused()) {
			int requests = getMaxConnections() - this.sessionRoom;
			this.sessionRoom = room;
			setMaxConnections(requests + room);
		}
	}

	/**
	 * The connections open now.
	 * @return a live view of them
	 */
	Set<SocketWrapperBase<NioChannel>> openConnections() {
		return getEndpoint().getConnections();
	}

	/**
	 * The processors that exist now, serving a connection or not.
	 * @return a copy of their list
	 */
	List<WatchedProcessor> processors() {
		synchronized (this.processors) {
			return new ArrayList<>(this.processors);
		}
	}

	/**
	 * Tomcat's HTTP/1.1 processor, telling which connection it serves.
	 */
	static final class WatchedProcessor extends Http11Processor {

		WatchedProcessor(AbstractHttp11Protocol<?> protocol) {
			super(protocol, protocol.getAdapter());
		}

		/**
		 * The connection served, from the start of a request until the processor is
		 * recycled.
		 * @return the connection, or {@code null}
		 */
		@Nullable SocketWrapperBase<?> connection() {
			return getSocketWrapper();
		}

	}

}
